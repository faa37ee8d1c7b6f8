using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace ServiceTasks.Auth;

/// <summary>Makes and recognises keys: <c>st_</c> + 32 random bytes in base64url, kept only as a SHA-256 hash.</summary>
internal static class ApiKeys
{
    private const int PrefixLength = 10;

    public static (ApiKey Row, string Key) Create(string role, string name, Guid? appUuid)
    {
        var key = "st_" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var row = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            AppUuid = appUuid,
            Role = role,
            Name = name,
            Prefix = key[..PrefixLength],
            KeyHash = Hash(key),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        return (row, key);
    }

    public static string Hash(string key) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))).ToLowerInvariant();
}
