using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

using Piazza.Testing;

namespace Piazza.Server.Tests.Http;

/// <summary>An HTTP client for a server's /healthz, as a load balancer or a monitoring probe would use it.</summary>
internal sealed class HealthProbe : IDisposable
{
    /// <summary>Between two polls; the wait itself is bounded by <see cref="TestServer.Timeout"/>.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public HealthProbe(IPEndPoint? endPoint)
    {
        Assert.NotNull(endPoint);
        Http = new HttpClient { BaseAddress = new Uri($"http://{endPoint}/"), Timeout = TestServer.Timeout };
    }

    public HttpClient Http { get; }

    /// <summary>GET /healthz: the status code and the JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync()
    {
        using var response = await Http.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotNull(body);
        return (response.StatusCode, body);
    }

    /// <summary>Polls /healthz until it answers <paramref name="expected"/>; fails with the last answer after the test timeout.</summary>
    public async Task<JsonNode> PollUntilAsync(HttpStatusCode expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, body) = await GetAsync();
            if (status == expected)
            {
                return body;
            }

            if (clock.Elapsed > TestServer.Timeout)
            {
                Assert.Fail($"/healthz still answers {(int)status} after {TestServer.Timeout}, not {(int)expected}: {body.ToJsonString()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    public void Dispose() => Http.Dispose();
}
