using System.Security.Cryptography;

namespace ServiceTasks.Apps;

/// <summary>Standard Webhooks secrets: <c>whsec_</c> + base64 of 32 random bytes; the HMAC key is the decoded bytes.</summary>
internal static class CallbackSecrets
{
    public const string Prefix = "whsec_";

    public static string Create() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static byte[] KeyBytes(string secret) => Convert.FromBase64String(secret[Prefix.Length..]);
}
