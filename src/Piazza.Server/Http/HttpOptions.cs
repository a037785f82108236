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
}
