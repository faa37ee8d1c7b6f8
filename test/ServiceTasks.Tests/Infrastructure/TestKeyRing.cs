namespace ServiceTasks.Tests.Infrastructure;

/// <summary>
/// Key-ring certificates for the tests. Every host and process of the run shares <see cref="SharedPath"/>, so hosts that
/// share a database also share its key ring, as the processes of one deployment do.
/// </summary>
internal static class TestKeyRing
{
    private static readonly Lazy<string> Shared = new(() => Create("shared", password: null));

    public static string SharedPath => Shared.Value;

    /// <summary>A new self-signed PKCS#12 file with its private key, in the test output folder.</summary>
    public static string Create(string name, string? password)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "keyring")).FullName;
        var path = Path.Combine(folder, $"{name}-{Guid.NewGuid():N}.pfx");
        KeyRingProtection.CreateLocal(path, password);
        return path;
    }
}
