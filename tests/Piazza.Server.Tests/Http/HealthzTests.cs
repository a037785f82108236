using System.Net;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Storage.Sqlite;
using Piazza.Testing;

namespace Piazza.Server.Tests.Http;

/// <summary>
/// GET /healthz on the HTTP port: healthy with the counts an operator wants; degraded (503) while
/// history cannot be written, and healthy again when it can; nothing else is served there but /metrics (MetricsTests) and the web client (WebClientTests).
/// </summary>
[Trait("Category", "Slow")]
public sealed class HealthzTests
{
    [Fact]
    public async Task Healthz_answers_200_healthy_with_connections_members_rooms_uptime_and_the_store()
    {
        await using var server = await TestServer.StartAsync();
        using var probe = new HealthProbe(server.HttpEndPoint);
        var (alice, bob) = await server.PlainPairAsync();

        var (status, body) = await probe.GetAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", (string?)body["status"]);
        Assert.Equal(2, (int?)body["connections"]);
        Assert.Equal(2, (int?)body["members"]);
        Assert.Equal(1, (int?)body["rooms"]);
        Assert.InRange((long?)body["uptimeSeconds"] ?? -1, 0, 600);
        Assert.Null(body["cluster"]); // not a node: no cluster part at all
        var history = body["history"]!;
        Assert.Equal("sqlite", (string?)history["store"]);
        Assert.True((bool?)history["healthy"]);
        Assert.Null(history["problem"]);
        Assert.Equal(0, (long?)history["dropped"]);
        Assert.NotNull((long?)history["pending"]);
    }

    [Fact]
    public async Task Healthz_answers_503_degraded_while_history_cannot_write_then_200_when_it_can_again()
    {
        await using var server = await TestServer.StartAsync();
        using var probe = new HealthProbe(server.HttpEndPoint);
        var store = Assert.IsType<SqliteMessageStore>(server.History);
        await using var alice = await server.ConnectAsync();
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync()).Status);

        store.InjectWriteFault(SqliteMessageStore.WriteFault.ReadOnly);
        await alice.SendAsync("said while the disk refuses");
        var degraded = await probe.PollUntilAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Equal("degraded", (string?)degraded["status"]);
        Assert.Equal(1, (int?)degraded["connections"]);
        var history = degraded["history"]!;
        Assert.Equal("sqlite", (string?)history["store"]);
        Assert.False((bool?)history["healthy"]);
        var problem = (string?)history["problem"];
        Assert.NotNull(problem);
        Assert.Contains("SQLite error 8", problem, StringComparison.Ordinal);
        Assert.Contains("piazza.db", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetDirectoryName(store.Path)!, problem, StringComparison.Ordinal);
        Assert.True((long?)history["pending"] >= 1, degraded.ToJsonString());
        Assert.Equal(0, (long?)history["dropped"]);

        store.InjectWriteFault(SqliteMessageStore.WriteFault.None);
        var healthy = await probe.PollUntilAsync(HttpStatusCode.OK);

        Assert.Equal("healthy", (string?)healthy["status"]);
        Assert.True((bool?)healthy["history"]!["healthy"]);
        Assert.Null(healthy["history"]!["problem"]);
        Assert.Equal(0, (long?)healthy["history"]!["dropped"]);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("off")]
    public async Task Healthz_names_the_store_and_is_healthy_with_history_in_memory_or_off(string store)
    {
        await using var server = await TestServer.StartAsync($"History:Store={store}");
        using var probe = new HealthProbe(server.HttpEndPoint);

        var (status, body) = await probe.GetAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", (string?)body["status"]);
        Assert.Equal(store, (string?)body["history"]!["store"]);
        Assert.True((bool?)body["history"]!["healthy"]);
    }

    [Fact]
    public async Task Head_healthz_answers_the_status_and_headers_without_a_body()
    {
        await using var server = await TestServer.StartAsync();
        using var probe = new HealthProbe(server.HttpEndPoint);
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri("healthz", UriKind.Relative));

        using var response = await probe.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("metrics/more")]
    [InlineData("healthz/more")]
    [InlineData("index.html")]
    public async Task Anything_else_on_the_HTTP_port_is_404(string path)
    {
        await using var server = await TestServer.StartAsync();
        using var probe = new HealthProbe(server.HttpEndPoint);

        using var response = await probe.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Posting_to_healthz_is_405_allowing_get_and_head()
    {
        await using var server = await TestServer.StartAsync();
        using var probe = new HealthProbe(server.HttpEndPoint);
        using var content = new StringContent("{}");

        using var response = await probe.Http.PostAsync(new Uri("healthz", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    [InlineData("")]
    public async Task Listen_Http_empty_or_off_turns_the_HTTP_port_off_and_chat_goes_on(string value)
    {
        await using var server = await TestServer.StartAsync($"Listen:Http={value}");

        Assert.Null(server.HttpEndPoint);
        await using var alice = await server.ConnectAsync();
        await using var bob = await server.ConnectAsync();
        await bob.SendAsync("still here");
        Assert.Equal($"[{bob.Address}] still here", await alice.NextChatAsync());
    }

    [Fact]
    public async Task The_server_process_reports_its_HTTP_port_on_loopback_and_answers_healthz()
    {
        await using var server = await ServerProcess.StartAsync();

        Assert.NotNull(server.HttpEndPoint);
        Assert.True(IPAddress.IsLoopback(server.HttpEndPoint.Address), server.HttpEndPoint.ToString());
        Assert.NotEqual(0, server.HttpEndPoint.Port);
        using var probe = new HealthProbe(server.HttpEndPoint);
        var (status, body) = await probe.GetAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("memory", (string?)body["history"]!["store"]);
    }
}
