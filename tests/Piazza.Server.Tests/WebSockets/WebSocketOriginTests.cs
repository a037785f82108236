using System.Net;
using System.Net.WebSockets;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

using Piazza.Server.Http;
using Piazza.Server.WebSockets;
using Piazza.Testing;

namespace Piazza.Server.Tests.WebSockets;

/// <summary>
/// <c>Http:AllowedOrigins</c>: a browser page from another origin gets 403 before the upgrade
/// unless listed (or <c>*</c>), or served by a node of the cluster (<c>Http:Nodes</c>); the
/// server's own origin and clients without <c>Origin</c> get in.
/// </summary>
[Trait("Category", "Slow")]
public sealed class WebSocketOriginTests
{
    [Fact]
    public async Task A_foreign_origin_is_refused_with_403_and_the_same_origin_and_no_origin_get_in()
    {
        await using var server = await TestServer.StartAsync();

        Assert.Equal(HttpStatusCode.Forbidden, await RefusalAsync(server, "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await RefusalAsync(server, "null"));
        await ConnectsAsync(server, $"http://{server.HttpEndPoint}");
        await ConnectsAsync(server, null);
        await server.WaitAllClosedAsync();
    }

    [Fact]
    public async Task A_listed_origin_gets_in_and_others_stay_out()
    {
        await using var server = await TestServer.StartAsync("Http:AllowedOrigins:0=https://chat.example.org", "Http:AllowedOrigins:1=http://localhost:5173");

        await ConnectsAsync(server, "https://chat.example.org");
        await ConnectsAsync(server, "http://localhost:5173");
        Assert.Equal(HttpStatusCode.Forbidden, await RefusalAsync(server, "http://chat.example.org"));
        Assert.Equal(HttpStatusCode.Forbidden, await RefusalAsync(server, "https://evil.example"));
    }

    [Fact]
    public async Task The_pages_of_the_clusters_nodes_get_in_and_others_stay_out()
    {
        // Http:Nodes: a page served by another node reconnects here when its own node died.
        await using var server = await TestServer.StartAsync("Http:Nodes:0=http://127.0.0.1:8081", "Http:Nodes:1=https://node2.chat.example.org");

        await ConnectsAsync(server, "http://127.0.0.1:8081");
        await ConnectsAsync(server, "https://node2.chat.example.org");
        await ConnectsAsync(server, $"http://{server.HttpEndPoint}");
        Assert.Equal(HttpStatusCode.Forbidden, await RefusalAsync(server, "http://127.0.0.1:8084"));
        Assert.Equal(HttpStatusCode.Forbidden, await RefusalAsync(server, "http://node2.chat.example.org"));
        Assert.Equal(HttpStatusCode.Forbidden, await RefusalAsync(server, "https://evil.example"));
    }

    [Fact]
    public async Task A_star_lets_every_origin_in()
    {
        await using var server = await TestServer.StartAsync("Http:AllowedOrigins:0=*");

        await ConnectsAsync(server, "https://evil.example");
        await ConnectsAsync(server, "null");
    }

    [Theory]
    [InlineData(null, "127.0.0.1:8080", true)]
    [InlineData("http://127.0.0.1:8080", "127.0.0.1:8080", true)]
    [InlineData("https://chat.example.org", "chat.example.org", true)]
    [InlineData("https://chat.example.org", "CHAT.example.org:443", true)]
    [InlineData("http://[::1]:8080", "[::1]:8080", true)]
    [InlineData("http://127.0.0.1:8081", "127.0.0.1:8080", false)]
    [InlineData("http://localhost:8080", "127.0.0.1:8080", false)]
    [InlineData("https://chat.example.org", "chat.example.org:8080", false)]
    [InlineData("null", "127.0.0.1:8080", false)]
    [InlineData("http://listed.example", "127.0.0.1:8080", true)]
    [InlineData("http://listed.example:80", "127.0.0.1:8080", true)]
    [InlineData("https://listed.example", "127.0.0.1:8080", false)]
    [InlineData("http://listed.example/path", "127.0.0.1:8080", false)]
    public void Same_origin_or_listed_is_allowed(string? origin, string host, bool allowed)
    {
        var policy = new OriginPolicy(Options.Create(new HttpOptions { AllowedOrigins = ["http://listed.example", ""] }));

        Assert.Equal(allowed, policy.Allows(origin is null ? StringValues.Empty : new StringValues(origin), HostString.FromUriComponent(host)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8081", true)]
    [InlineData("http://127.0.0.1:8082", true)]
    [InlineData("http://127.0.0.1:8083", false)]
    [InlineData("https://127.0.0.1:8081", false)]
    [InlineData("http://localhost:8081", false)]
    public void A_nodes_origin_is_allowed_as_if_listed(string origin, bool allowed)
    {
        var policy = new OriginPolicy(Options.Create(new HttpOptions { Nodes = ["http://127.0.0.1:8081", " http://127.0.0.1:8082 ", ""] }));

        Assert.Equal(allowed, policy.Allows(new StringValues(origin), new HostString("127.0.0.1:8080")));
    }

    [Fact]
    public void Two_origin_headers_are_refused()
    {
        var policy = new OriginPolicy(Options.Create(new HttpOptions()));

        Assert.False(policy.Allows(new StringValues(["http://127.0.0.1:8080", "http://127.0.0.1:8080"]), new HostString("127.0.0.1:8080")));
    }

    private static async Task<HttpStatusCode> RefusalAsync(TestServer server, string origin)
    {
        HttpStatusCode? status = null;
        await Assert.ThrowsAsync<WebSocketException>(() => IrcClient.OpenWebSocketAsync(
            server.WebSocketUri, ["text.ircv3.net"], new WebSocketConnectOptions(Origin: origin), failed: s => status = s.HttpStatusCode));
        return status ?? throw new InvalidOperationException("no status");
    }

    private static async Task ConnectsAsync(TestServer server, string? origin)
    {
        await using var client = await IrcClient.ConnectWebSocketAsync(server.WebSocketUri, ["text.ircv3.net"], new WebSocketConnectOptions(Origin: origin));
        Assert.Empty(await client.SyncAsync());
    }
}
