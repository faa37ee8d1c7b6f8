namespace ServiceTasks.Secrets;

/// <summary>Production without a key-ring certificate, or a certificate file that cannot be read.</summary>
internal sealed class KeyRingCertificateException(string message) : StartupException(message);
