using System.Text;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Reliability;

/// <summary>
/// A seeded generator of malformed requests: bodies of random shapes, wrong types, deep nesting, huge and negative
/// numbers, bad bytes and bad escapes (NUL, lone and reversed surrogates, in values and member names, free-form
/// members included), and query and route values with NUL, invalid UTF-8 and numbers out of range.
/// </summary>
internal sealed class FuzzBodies(int seed)
{
    private static readonly string[] Names =
    [
        "name", "callback_url", "role", "service_name", "service_type", "endpoint_url", "http_method", "headers",
        "authentication", "type", "token", "timeout_seconds", "max_retries", "retry_policy", "multiplier", "jitter",
        "mock_template_id", "mock_definition", "error_scenarios", "probability", "instance_id", "task_id", "input_data",
        "service_config_id", "services", "is_active", "version", "id", "app_uuid", "rotate_callback_secret", "x",
    ];

    /// <summary>JSON string literals (escapes as sent on the wire) holding text no service can store.</summary>
    public static readonly string[] BadStrings =
    [
        "\"\\ud800\"", "\"\\udfff\"", "\"a\\udc00\\ud800b\"", "\"\\ud800\\ud800\"", "\"\\u0000\"", "\"x\\u0000y\"", "\"\\ud83d\"",
    ];

    public static readonly string[] QueryValues =
    [
        "%00", "a%00b", "%FF", "%C3%28", "%ED%A0%80", "%E2%82", "%", "%G1", "-1", "0", "99999999999999999999", "-9223372036854775809",
        "1e400", "NaN", "", "true", "2026-13-45", "2026-01-01T00:00:00Z", "%2B%2F", new string('q', 3000), "%F0%9F%98%80",
    ];

    public static readonly string[] RouteValues =
    [
        "%00", "%FF", "a%00b", "-1", "0", "99999999999999999999", "00000000-0000-0000-0000-000000000000", "..%2F..", "%ED%A0%80", "x",
    ];

    private readonly Random _random = new(seed);

    public bool Chance(int oneIn) => _random.Next(oneIn) == 0;

    public Guid Guid() => new(Enumerable.Range(0, 16).Select(_ => (byte)_random.Next(256)).ToArray());

    /// <summary>A query string over some of the names, each with a hostile or out-of-range value.</summary>
    public string Query(IReadOnlyList<string> names)
    {
        if (names.Count == 0) return Chance(3) ? $"?{Pick(QueryValues)}={Pick(QueryValues)}" : "";
        var chosen = names.Where(_ => Chance(2)).DefaultIfEmpty(Pick(names));
        return "?" + string.Join('&', chosen.Select(n => $"{(Chance(20) ? Pick(QueryValues) : n)}={Pick(QueryValues)}"));
    }

    /// <summary>A valid body with one string value or member name, at the top or in a free-form member, made a bad escape.</summary>
    public byte[] BadText(JsonObject valid)
    {
        const string Marker = "__bad_text__";
        var copy = (JsonObject)valid.DeepClone();
        var target = copy;
        if (Chance(2))
        {
            target = new JsonObject { ["k"] = "v" };
            copy[Pick(["input_data", "headers", "mock_definition", "x"])] = Chance(2) ? target : new JsonArray(1, target);
        }
        if (Chance(3)) target[Marker] = 1;
        else target[target.Count > 0 && Chance(2) ? target.ElementAt(_random.Next(target.Count)).Key : Pick(Names)] = Marker;
        return Bytes(copy.ToJsonString().Replace($"\"{Marker}\"", Pick(BadStrings)));
    }

    public byte[] Next(JsonObject valid)
    {
        return _random.Next(14) switch
        {
            10 or 11 => BadText(valid),
            12 => Bytes(WithField(valid, Pick(Names), JsonNode.Parse(Pick(["-1", "-2147483649", "2147483648", "9223372036854775808", "-0.0", "1.5", "1e-400"]))!).ToJsonString()),
            13 => Bytes(WithField(valid, Pick(["input_data", "headers", "mock_definition"]), JsonValue.Create("__deep__")).ToJsonString()
                .Replace("\"__deep__\"", Nested(_random.Next(20, 80)))),
            0 => Bytes(RandomValue(depth: 0).ToJsonString()),
            1 => Bytes(WrongType(valid).ToJsonString()),
            2 => Bytes(Nested(_random.Next(33, 200))),
            3 => Bytes(WithField(valid, Pick(Names), JsonNode.Parse(Pick(["1e400", "-1e400", "123456789012345678901234567890", "1.7976931348623157e309"]))!).ToJsonString()),
            4 => InvalidUtf8(valid.ToJsonString()),
            5 => Bytes(valid.ToJsonString()[..Math.Max(1, _random.Next(valid.ToJsonString().Length))]),
            6 => Bytes(WithField(valid, Pick(Names) + _random.Next(100), JsonValue.Create("unknown member")).ToJsonString()),
            7 => Bytes(Pick(["", "null", "[]", "\"text\"", "0", "{\"\": 1}", "{,}", "{\"a\":1,\"a\":2}", "\uFEFF{}"])),
            8 => Bytes(WithField(valid, Pick(Names), JsonValue.Create(new string('x', _random.Next(201, 5000)))).ToJsonString()),
            _ => Bytes(RandomObject(depth: 0).ToJsonString()),
        };
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private JsonObject WrongType(JsonObject valid)
    {
        var copy = (JsonObject)valid.DeepClone();
        if (copy.Count == 0) return copy;
        var name = copy.ElementAt(_random.Next(copy.Count)).Key;
        copy[name] = copy[name] switch
        {
            JsonValue v when v.TryGetValue<string>(out _) => Pick<JsonNode>([JsonValue.Create(42), new JsonArray(1, 2), new JsonObject { ["a"] = 1 }, JsonValue.Create(true)]),
            JsonValue => Pick<JsonNode>([JsonValue.Create("not a number"), new JsonArray(), new JsonObject()]),
            JsonObject => Pick<JsonNode>([JsonValue.Create("not an object"), new JsonArray(1), JsonValue.Create(7)]),
            _ => JsonValue.Create("wrong"),
        };
        return copy;
    }

    private static JsonObject WithField(JsonObject valid, string name, JsonNode value)
    {
        var copy = (JsonObject)valid.DeepClone();
        copy[name] = value;
        return copy;
    }

    private JsonNode RandomValue(int depth) => (depth > 3 ? _random.Next(4) : _random.Next(6)) switch
    {
        0 => JsonValue.Create(_random.Next(-1000, 1000)),
        1 => JsonValue.Create(Pick(["", "x", "GET", "REAL", "MOCK", "admin", "http://127.0.0.1:1/", "{{input.", "../../etc"])),
        2 => JsonValue.Create(_random.NextDouble() * 1e6),
        3 => JsonValue.Create(_random.Next(2) == 0),
        4 => RandomObject(depth + 1),
        _ => new JsonArray(Enumerable.Range(0, _random.Next(4)).Select(_ => (JsonNode?)RandomValue(depth + 1)).ToArray()),
    };

    private JsonObject RandomObject(int depth)
    {
        var o = new JsonObject();
        for (var i = _random.Next(6); i > 0; i--) o[Pick(Names)] = RandomValue(depth + 1);
        return o;
    }

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private byte[] InvalidUtf8(string json)
    {
        var bytes = Bytes(json).ToList();
        bytes.InsertRange(_random.Next(1, bytes.Count), Pick<byte[]>([[0xC3, 0x28], [0xFF], [0xE2, 0x82], [0xED, 0xA0, 0x80]]));
        return bytes.ToArray();
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
