using System.Security.Cryptography.X509Certificates;

namespace ServiceTasks.Secrets;

/// <summary>The certificate new keys are encrypted with.</summary>
internal sealed record KeyRingCertificate(X509Certificate2 Current);
