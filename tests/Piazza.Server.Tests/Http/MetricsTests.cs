using System.Net;

using Piazza.Server.Http;
using Piazza.Server.Tests.Accounts;
using Piazza.Testing;

using static Piazza.Server.Tests.Http.MetricsScrape;

namespace Piazza.Server.Tests.Http;

/// <summary>
/// GET /metrics on the HTTP port: Prometheus' text format with Piazza's figures (connections,
/// members, rooms, accounts, history) and the runtime's; loopback only unless
/// Http:MetricsFromAnyAddress. The exporter caches a scrape briefly, so a figure that just changed
/// is polled for, within the test timeout.
/// </summary>
[Trait("Category", "Slow")]
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_are_prometheus_text_with_the_chats_figures_and_the_runtimes()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        using var http = ClientFor(server);
        var (alice, bob) = await server.PlainPairInAsync("dev", "alice", "bob");
        await alice.SendAsync("/register " + AccountSettings.Password);
        await alice.ExpectAsync(l => l.StartsWith("* registered the account", StringComparison.Ordinal));

        var text = await PollUntilAsync(http, t => Value(t, "piazza_connections") == 2 && Value(t, "piazza_accounts") == 1);

        Assert.Equal(2, Value(text, "piazza_members"));
        Assert.Equal(2, Value(text, "piazza_rooms")); // lobby and dev
        Assert.Equal(0, Value(text, "piazza_server_operators"));
        Assert.Equal(0, Value(text, "piazza_history_dropped_total"));
        Assert.NotNull(Value(text, "piazza_history_pending"));
        Assert.Contains("# TYPE piazza_connections gauge", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_thread_pool_thread_count", text, StringComparison.Ordinal);

        await bob.SendAsync("exit");
        await bob.WaitClosedAsync();
        await PollUntilAsync(http, t => Value(t, "piazza_connections") == 1 && Value(t, "piazza_members") == 1);
    }

    [Fact]
    public async Task A_scrape_from_loopback_is_answered_and_healthz_still_is()
    {
        await using var server = await TestServer.StartAsync();
        using var http = ClientFor(server);

        using var metrics = await http.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        using var health = await http.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Each_server_exports_its_own_figures_when_two_share_a_process()
    {
        await using var quiet = await TestServer.StartAsync();
        await using var busy = await TestServer.StartAsync();
        using var quietHttp = ClientFor(quiet);
        using var busyHttp = ClientFor(busy);
        var (alice, bob) = await busy.PlainPairAsync();

        await PollUntilAsync(busyHttp, t => Value(t, "piazza_connections") == 2);
        var text = await PollUntilAsync(quietHttp, t => Value(t, "piazza_connections") == 0);

        // One series per name: the other server's instruments, same meter name, are not exported here.
        Assert.Single(text.Split('\n'), l => l.StartsWith("piazza_connections{", StringComparison.Ordinal));
        Assert.Equal(0, Value(text, "piazza_members"));
    }

    [Theory]
    [InlineData("127.0.0.1", false, true)]
    [InlineData("127.5.6.7", false, true)]
    [InlineData("::1", false, true)]
    [InlineData("::ffff:127.0.0.1", false, true)]
    [InlineData("10.0.0.5", false, false)]
    [InlineData("192.168.1.20", false, false)]
    [InlineData("::ffff:10.0.0.5", false, false)]
    [InlineData("2001:db8::1", false, false)]
    [InlineData("10.0.0.5", true, true)]
    [InlineData("2001:db8::1", true, true)]
    public void Only_loopback_may_scrape_unless_any_address_is_allowed(string remote, bool anyAddress, bool allowed) =>
        Assert.Equal(allowed, MetricsEndpoint.Allows(IPAddress.Parse(remote), anyAddress));
}
