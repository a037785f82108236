namespace Piazza.Server.Http;

/// <summary>Settings of what the HTTP port (<c>Listen:Http</c>) serves, bound from the section <c>Http</c>.</summary>
public sealed class HttpOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Http";

    /// <summary>
    /// Whether <c>/metrics</c> answers requests from any address. Default false: only from loopback
    /// (a Prometheus on the same machine, or a proxy in front), since the figures say how busy the
    /// server is to anyone who asks; others get 403. <c>/healthz</c> answers everyone either way.
    /// </summary>
    public bool MetricsFromAnyAddress { get; set; }
}
