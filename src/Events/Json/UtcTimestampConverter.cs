using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Stock.Events.Json;

/// <summary>Writes times as docs/api.md shows them: ISO-8601 UTC with milliseconds, e.g. <c>2026-11-24T12:00:00.000Z</c>.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTime>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTime().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture));
}
