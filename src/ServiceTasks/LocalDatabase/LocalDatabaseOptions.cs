using System.ComponentModel.DataAnnotations;

namespace ServiceTasks.LocalDatabase;

internal sealed class LocalDatabaseOptions
{
    public const string Section = "LocalDatabase";

    [Required]
    public string DataDirectory { get; set; } = ".data/postgres";

    /// <summary>Where initdb and pg_ctl live; found automatically when empty.</summary>
    public string? BinDirectory { get; set; }

    [Required]
    public string Database { get; set; } = "servicetasks";
}
