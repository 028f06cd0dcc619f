using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Stock.Tests.Infrastructure;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.Tests.Webhooks;

/// <summary><c>/api/webhooks</c>: create (the secret once), list (no secret, delivery state), delete, validation.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_webhook_is_created_with_a_secret_shown_once_listed_without_it_and_deleted()
    {
        using var created = await fixture.Client.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/hook?x=1", types = new[] { "reservation.*", "stock.low" } });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var webhook = JsonDocument.Parse(body).RootElement;
        var id = webhook.GetProperty("id").GetString()!;
        Assert.Equal($"/api/webhooks/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("http://127.0.0.1:9/hook?x=1", webhook.GetProperty("url").GetString());
        Assert.Equal(["reservation.*", "stock.low"], webhook.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        var secret = webhook.GetProperty("secret").GetString()!;
        Assert.StartsWith(WebhookSecret.Prefix, secret, StringComparison.Ordinal);
        Assert.Equal(32, WebhookSecret.KeyOf(secret).Length);

        try
        {
            using var list = await fixture.Client.GetAsync("/api/webhooks");
            var listed = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("items")
                .EnumerateArray().Single(w => w.GetProperty("id").GetString() == id);
            Assert.False(listed.TryGetProperty("secret", out _));
            Assert.DoesNotContain(secret, listed.ToString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Number, listed.GetProperty("pending").ValueKind);
            Assert.True(listed.TryGetProperty("lastDeliveredAt", out _));
            Assert.True(listed.TryGetProperty("failingSince", out _));
            // The stored secret is not the shown one as text either.
            var stored = await Events.OutboxRows.Shared.ScalarAsync<string>("select secret from stock_webhooks where id = $1", id);
            Assert.NotEqual(secret, stored);
        }
        finally
        {
            using var deleted = await fixture.Client.DeleteAsync($"/api/webhooks/{id}");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var again = await fixture.Client.DeleteAsync($"/api/webhooks/{id}");
        await StockApiClient.ReadProblemAsync(again, HttpStatusCode.NotFound, "not-found");
        using var badId = await fixture.Client.DeleteAsync("/api/webhooks/bad%20id");
        await StockApiClient.ReadProblemAsync(badId, HttpStatusCode.BadRequest, "validation-failed");
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"types":["stock.*"]}""", "url" },
        { """{"url":"ftp://example.com/x","types":["stock.*"]}""", "url" },
        { """{"url":"/relative","types":["stock.*"]}""", "url" },
        { """{"url":"http://example.com/a\u0001b","types":["stock.*"]}""", "url" },
        { """{"url":"http://example.com/a b","types":["stock.*"]}""", "url" },
        { """{"url":"http://example.com/#frag","types":["stock.*"]}""", "url" },
        { $$"""{"url":"http://example.com/{{new string('a', 2100)}}","types":["stock.*"]}""", "url" },
        { """{"url":"http://example.com/"}""", "types" },
        { """{"url":"http://example.com/","types":[]}""", "types" },
        { """{"url":"http://example.com/","types":["stock.unknown"]}""", "types[0]" },
        { """{"url":"http://example.com/","types":["stock.low","foo.*"]}""", "types[1]" },
        { """{"url":"http://example.com/","types":["*"]}""", "types[0]" },
        { """{"url":"http://example.com/","types":["stock.low","stock.low"]}""", "types[1]" },
        { """{"url":"http://example.com/","types":[null]}""", "types[0]" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_webhook_is_a_validation_problem_and_creates_nothing(string json, string field)
    {
        var before = await Events.OutboxRows.Shared.ScalarAsync<long>("select count(*) from stock_webhooks");
        using var response = await fixture.Client.PostAsync("/api/webhooks", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await Events.OutboxRows.Shared.ScalarAsync<long>("select count(*) from stock_webhooks"));
    }
}
