using System.Net;
using System.Text.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Contract;

[Collection(ApiCollection.Name)]
public sealed class OperationsTests(ApiFixture fixture)
{
    [Fact]
    public async Task Health_endpoints_answer_200_when_storage_and_cluster_are_up()
    {
        using var live = await fixture.Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await fixture.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_format_and_count_reservations()
    {
        var api = new StockApiClient(fixture.Client);
        var sku = TestEnvironment.NewSku();
        await api.CreateProductAsync(sku, 5, "grain");
        await api.ReserveOkAsync(sku, 1);

        using var response = await fixture.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE stock_reservations_total counter", text);
        Assert.Matches("stock_reservations_total\\{[^}]*engine=\"grain\"[^}]*outcome=\"reserved\"", text);
    }

    [Fact]
    public async Task OpenApi_document_describes_every_endpoint()
    {
        using var response = await fixture.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/products", "/api/products/{sku}", "/api/products/{sku}/restock", "/api/products/{sku}/reservations",
            "/api/products/{sku}/reservations/{reservationId}", "/api/products/{sku}/reservations/{reservationId}/confirm",
            "/api/products/{sku}/reservations/{reservationId}/cancel",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
        }
    }

    [Fact]
    public async Task Docs_ui_is_served()
    {
        using var response = await fixture.Client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Unknown_routes_answer_a_problem_body()
    {
        using var unknown = await fixture.Client.GetAsync("/api/nothing-here");
        await StockApiClient.ReadProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");

        using var method = await fixture.Client.DeleteAsync("/api/products/ABC");
        await StockApiClient.ReadProblemAsync(method, HttpStatusCode.MethodNotAllowed, "method-not-allowed");

        using var text = await fixture.Client.PostAsync("/api/products", new StringContent("sku=ABC"));
        await StockApiClient.ReadProblemAsync(text, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }
}
