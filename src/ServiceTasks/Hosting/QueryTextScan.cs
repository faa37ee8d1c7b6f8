using System.Text;
using System.Text.Unicode;

namespace ServiceTasks.Hosting;

/// <summary>
/// Finds the first name or value of a query string or form body whose percent-decoded bytes are not UTF-8 text
/// PostgreSQL can store: invalid UTF-8 (<c>%FF</c>) or a NUL (<c>%00</c>). ASP.NET would turn the first into
/// U+FFFD silently and pass the second on to the database.
/// </summary>
internal static class QueryTextScan
{
    public static (string Field, string Message)? FindBadText(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded)) return null;
        foreach (var pair in encoded.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? [] : Decode(pair[(equals + 1)..]);
            var field = IsText(name) ? Encoding.UTF8.GetString(name) : "query";
            if (!Utf8.IsValid(name) || !Utf8.IsValid(value)) return (field, "is not valid UTF-8 once percent-decoded.");
            if (name.Contains((byte)0) || value.Contains((byte)0)) return (field, "holds a NUL character (%00).");
        }
        return null;
    }

    private static bool IsText(byte[] bytes) => Utf8.IsValid(bytes) && !bytes.Contains((byte)0) && bytes.Length > 0;

    private static byte[] Decode(string part)
    {
        var bytes = new List<byte>(part.Length);
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] == '%' && i + 2 < part.Length && char.IsAsciiHexDigit(part[i + 1]) && char.IsAsciiHexDigit(part[i + 2]))
            {
                bytes.Add(Convert.ToByte(part.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (part[i] == '+') bytes.Add((byte)' ');
            else
            {
                var length = char.IsHighSurrogate(part[i]) && i + 1 < part.Length ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(part.Substring(i, length)));
                i += length - 1;
            }
        }
        return bytes.ToArray();
    }
}
