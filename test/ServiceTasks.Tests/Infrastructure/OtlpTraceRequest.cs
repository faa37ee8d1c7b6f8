using Google.Protobuf;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>
/// Reads an OTLP/HTTP ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) field by field with
/// Google.Protobuf's wire reader: only the fields the tests look at, every other one skipped as protobuf allows.
/// </summary>
internal static class OtlpTraceRequest
{
    public static List<OtlpSpan> Parse(byte[] body)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Messages(body, 1))
        {
            var resource = new Dictionary<string, string>();
            foreach (var r in Messages(resourceSpans, 1))
                foreach (var kv in Messages(r, 1)) AddKeyValue(resource, kv);
            foreach (var scopeSpans in Messages(resourceSpans, 2))
                foreach (var span in Messages(scopeSpans, 2)) spans.Add(Span(span, resource));
        }
        return spans;
    }

    private static OtlpSpan Span(byte[] bytes, IReadOnlyDictionary<string, string> resource)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        var attributes = new Dictionary<string, string>();
        var events = new List<string>();
        var input = new CodedInputStream(bytes);
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Hex(input.ReadBytes()); break;
                case 2: spanId = Hex(input.ReadBytes()); break;
                case 4: parent = Hex(input.ReadBytes()); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = input.ReadEnum(); break;
                case 9: AddKeyValue(attributes, input.ReadBytes().ToByteArray()); break;
                case 11: events.Add(Text(input.ReadBytes().ToByteArray(), 2)); break;
                default: input.SkipLastField(); break;
            }
        }
        return new OtlpSpan(traceId, spanId, parent, name, kind, attributes, events, resource);
    }

    /// <summary>KeyValue { key = 1; AnyValue value = 2 }, AnyValue { string 1, bool 2, int64 3, double 4, … }.</summary>
    private static void AddKeyValue(Dictionary<string, string> into, byte[] keyValue)
    {
        var key = Text(keyValue, 1);
        var value = "";
        foreach (var any in Messages(keyValue, 2))
        {
            var input = new CodedInputStream(any);
            for (uint tag; (tag = input.ReadTag()) != 0;)
            {
                value = WireFormat.GetTagFieldNumber(tag) switch
                {
                    1 => input.ReadString(),
                    2 => input.ReadBool() ? "true" : "false",
                    3 => input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    4 => input.ReadDouble().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => Skip(input),
                };
            }
        }
        into[key] = value;
    }

    private static string Skip(CodedInputStream input)
    {
        input.SkipLastField();
        return "";
    }

    /// <summary>Every length-delimited field numbered <paramref name="field"/> of a message.</summary>
    private static IEnumerable<byte[]> Messages(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                found.Add(input.ReadBytes().ToByteArray());
            else
                input.SkipLastField();
        }
        return found;
    }

    private static string Text(byte[] message, int field) =>
        Messages(message, field).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault() ?? "";

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
