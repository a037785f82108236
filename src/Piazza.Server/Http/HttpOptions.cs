namespace Piazza.Server.Http;

/// <summary>Settings of what the HTTP port (<c>Listen:Http</c>) serves, bound from the section <c>Http</c>.</summary>
public sealed class HttpOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Http";

    /// <summary>The <see cref="AllowedOrigins"/> entry that lets every origin in.</summary>
    public const string AnyOrigin = "*";

    /// <summary>
    /// Whether <c>/metrics</c> answers requests from any address. Default false: only from loopback
    /// (a Prometheus on the same machine, or a proxy in front), since the figures say how busy the
    /// server is to anyone who asks; others get 403. <c>/healthz</c> answers everyone either way.
    /// </summary>
    public bool MetricsFromAnyAddress { get; set; }

    /// <summary>
    /// Web pages, besides the server's own, whose scripts may open IRC over WebSocket (<c>/ws</c>):
    /// origins such as <c>https://chat.example.org</c> or <c>http://localhost:5173</c> (scheme, host,
    /// optional port; no path). Unset or empty: same origin only (the <c>Origin</c> header names the
    /// host and port the request was sent to). A request without <c>Origin</c> (not a browser) is
    /// always let in: the check protects browser users from pages that would chat in their name.
    /// <c>*</c> lets every page in, including a hostile page a member happens to visit, which can
    /// then connect from the member's browser and address (and through their network).
    /// Empty entries are skipped, as in <c>Limits:Exempt</c>.
    /// </summary>
    public List<string>? AllowedOrigins { get; set; }

    /// <summary>The <see cref="AllowedOrigins"/> entries in effect, without empty ones.</summary>
    public IEnumerable<string> AllowedOriginEntries => (AllowedOrigins ?? []).Where(e => !string.IsNullOrWhiteSpace(e));

    /// <summary>
    /// The web addresses of the cluster's nodes, this one's included: origins such as
    /// <c>http://127.0.0.1:8081</c> or <c>https://node2.chat.example.org</c> (http or https, host,
    /// optional port; no path), where each serves the web client and <c>/ws</c>. The web client
    /// learns them (<c>/client.json</c>) and, when its connection drops, reconnects through the
    /// next one, so a page served by a node that died carries on through another. Pages served by
    /// any of them may open <c>/ws</c> here (as if in <see cref="AllowedOrigins"/>), and the page may
    /// connect to them (its Content-Security-Policy). Unset or empty: the page uses its own server only.
    /// Empty entries are skipped.
    /// </summary>
    public List<string>? Nodes { get; set; }

    /// <summary>The <see cref="Nodes"/> entries in effect, without empty ones.</summary>
    public IEnumerable<string> NodeEntries => (Nodes ?? []).Where(e => !string.IsNullOrWhiteSpace(e));

    /// <summary>
    /// Seconds a WebSocket client (<c>/ws</c>) has, once its session has ended (QUIT, a cut for its
    /// send queue or for flooding, a refusal, a shutdown), to take its last lines and the close frame
    /// and to answer with its own close frame; each of the two gets this long, measured on the
    /// server's clock. Then the socket is aborted, so a client that stopped reading or never
    /// answers the close does not keep its connection (and its per-IP slot). Default 5.
    /// </summary>
    public int WebSocketCloseTimeoutSeconds { get; set; } = 5;
}
