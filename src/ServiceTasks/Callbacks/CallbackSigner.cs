using System.Security.Cryptography;
using System.Text;

namespace ServiceTasks.Callbacks;

/// <summary>Standard Webhooks signing: <c>v1,</c> + base64 HMAC-SHA256 over <c>id.timestamp.body</c>, keyed by the decoded secret.</summary>
internal static class CallbackSigner
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <param name="secret">The app's plaintext <c>whsec_</c> secret.</param>
    public static IReadOnlyDictionary<string, string> Headers(string secret, string id, DateTimeOffset timestamp, string body)
    {
        var seconds = timestamp.ToUnixTimeSeconds();
        return new Dictionary<string, string>
        {
            [IdHeader] = id,
            [TimestampHeader] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SignatureHeader] = Sign(CallbackSecrets.KeyBytes(secret), id, seconds, body),
        };
    }

    public static string Sign(byte[] key, string id, long unixSeconds, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{unixSeconds}.{body}")));
}
