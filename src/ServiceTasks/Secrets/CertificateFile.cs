namespace ServiceTasks.Secrets;

internal sealed class CertificateFile
{
    public string Path { get; set; } = "";
    public string? Password { get; set; }
}
