using System.ComponentModel.DataAnnotations;

namespace ServiceTasks.Outbound;

/// <summary>Outbound HTTP for REAL services and callbacks (section <c>Http</c>).</summary>
internal sealed class HttpClientOptions
{
    public const string Section = "Http";

    /// <summary>A longer response body is cut here and flagged <c>response_truncated</c>.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Lifts the SSRF guard entirely; on in Development and the tests.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Host names (as written in URLs) that may resolve to private addresses.</summary>
    public string[] AllowedHosts { get; set; } = [];
}
