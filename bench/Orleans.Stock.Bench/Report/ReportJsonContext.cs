using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Stock.Bench.Report;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RunInfo))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
