namespace ServiceTasks.Secrets;

/// <summary>
/// The certificate that encrypts the Data Protection key ring (kept in the database) so that a database dump alone
/// cannot decrypt service credentials and callback secrets. See docs/reliability.md, "The key ring's certificate".
/// </summary>
internal sealed class KeyRingSettings
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with the private key. Required in Production.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Certificates used before a rotation: still trusted to decrypt the keys they encrypted.</summary>
    public List<CertificateFile> PreviousCertificates { get; set; } = [];

    /// <summary>Outside Production, without CertificatePath: a certificate generated on first start, relative to the content root.</summary>
    public string LocalCertificatePath { get; set; } = ".data/dataprotection/key-ring.pfx";
}
