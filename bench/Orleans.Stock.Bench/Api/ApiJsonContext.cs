using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Stock.Bench.Api.Contracts;

namespace Orleans.Stock.Bench.Api;

/// <summary>
/// Source-generated (de)serialisers for the request and answer bodies: no reflection on the hot path,
/// so the client stays cheap enough not to be what limits a run.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CreateProductRequest))]
[JsonSerializable(typeof(ReserveRequest))]
[JsonSerializable(typeof(ReservationBody))]
[JsonSerializable(typeof(ProductBody))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(CartRequest))]
[JsonSerializable(typeof(CartBody))]
[JsonSerializable(typeof(CreateWebhookRequest))]
[JsonSerializable(typeof(WebhookCreatedBody))]
[JsonSerializable(typeof(EventBody))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
