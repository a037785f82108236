using System.Text.Json;
using System.Text.RegularExpressions;

using Microsoft.Extensions.Options;

using Piazza.Server.WebSockets;

namespace Piazza.Server.Http;

/// <summary>
/// The cluster's nodes as the web client sees them (<see cref="HttpOptions.Nodes"/>), made once
/// at startup from the validated settings: their origins (which <see cref="OriginPolicy"/> lets
/// open <c>/ws</c>), their WebSocket addresses (what the page learns from <c>/client.json</c> and
/// rotates through on reconnect), and the page's Content-Security-Policy, which must let the page
/// connect to them. Without nodes, the page's policy is <see cref="WebClientEndpoint.ContentSecurityPolicy"/>, same origin only.
/// </summary>
internal sealed partial class WebClientNodes
{
    public WebClientNodes(IOptions<HttpOptions> options)
    {
        // HttpOptionsValidator refused the start for an entry that does not parse.
        List<WebOrigin> origins = [];
        foreach (var entry in options.Value.NodeEntries)
        {
            if (TryParse(entry, out var origin) && !origins.Contains(origin))
            {
                origins.Add(origin);
            }
        }

        Origins = origins;
        var sockets = origins.Select(WebSocketOrigin).ToList();
        WebSockets = [.. sockets.Select(s => s + IrcWebSocketHandler.Path)];
        ContentSecurityPolicy = origins.Count == 0
            ? WebClientEndpoint.ContentSecurityPolicy
            : WebClientEndpoint.ContentSecurityPolicy.Replace("connect-src 'self';", $"connect-src 'self' {string.Join(' ', sockets)};", StringComparison.Ordinal);
        Config = JsonSerializer.SerializeToUtf8Bytes(new WebClientConfig(WebSockets), HttpJsonContext.Default.WebClientConfig);
    }

    /// <summary>The nodes' origins, in the order given, each once.</summary>
    public IReadOnlyList<WebOrigin> Origins { get; }

    /// <summary>The nodes' <c>/ws</c> addresses (<c>ws://127.0.0.1:8081/ws</c>; <c>wss://</c> for an https node), in the order given.</summary>
    public IReadOnlyList<string> WebSockets { get; }

    /// <summary>The page's Content-Security-Policy: its own origin's, with the nodes' WebSocket origins added to <c>connect-src</c>.</summary>
    public string ContentSecurityPolicy { get; }

    /// <summary>The body of <c>/client.json</c>: <c>{"webSockets":["ws://127.0.0.1:8081/ws",…]}</c>, UTF-8.</summary>
    public byte[] Config { get; }

    /// <summary>
    /// Parses one <c>Http:Nodes</c> entry: an http or https origin whose host is a plain name or
    /// address (letters, digits, dots and dashes, or an IPv6 address in brackets), since it goes
    /// into a response header as it is. False for anything else; never throws.
    /// </summary>
    public static bool TryParse(string? text, out WebOrigin origin) =>
        WebOrigin.TryParse(text?.Trim(), out origin)
        && origin.Scheme is "http" or "https"
        && PlainHost().IsMatch(origin.Host);

    /// <summary>The origin of a node's WebSocket: <c>ws://</c> for http, <c>wss://</c> for https, the same host and port.</summary>
    private static WebOrigin WebSocketOrigin(WebOrigin origin) =>
        origin with { Scheme = origin.Scheme == "https" ? "wss" : "ws" };

    [GeneratedRegex(@"^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])$")]
    private static partial Regex PlainHost();
}

/// <summary>What <c>/client.json</c> tells the web client.</summary>
/// <param name="WebSockets">The cluster's nodes' WebSocket addresses (<see cref="HttpOptions.Nodes"/>); empty for a single server.</param>
internal sealed record WebClientConfig(IReadOnlyList<string> WebSockets);
