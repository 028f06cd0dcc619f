using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Stock.Bench.Results;

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RunResult))]
[JsonSerializable(typeof(FindMaxResult))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
