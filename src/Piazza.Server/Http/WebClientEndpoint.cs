using Microsoft.Net.Http.Headers;

namespace Piazza.Server.Http;

/// <summary>
/// Serves the web client on the HTTP port: <c>GET /</c> the page (no-cache: it names the current
/// assets), <c>GET /assets/&lt;hashed name&gt;</c> the script and style sheet (cached a year: a
/// new build has new names). Compressed at build time; the client's encoding is chosen from
/// Accept-Encoding (brotli, then gzip). <c>GET /client.json</c> is the page's settings: the
/// cluster's nodes to reconnect through (<see cref="WebClientNodes"/>). Nothing else is caught:
/// <c>/healthz</c>, <c>/metrics</c> and <c>/ws</c> stay theirs, and an unknown path
/// (<c>/nope.js</c>, <c>/assets/old.js</c>) is 404.
/// </summary>
internal static class WebClientEndpoint
{
    /// <summary>The path prefix of the hashed assets.</summary>
    public const string AssetsPath = "/assets";

    /// <summary>The page's settings, fetched by its script.</summary>
    public const string ConfigPath = "/client.json";

    /// <summary>
    /// The page's Content-Security-Policy: scripts and styles from this origin only (no inline
    /// script, nothing foreign), connections to this origin only ('self' covers ws: and wss: to
    /// the same host), no framing, no plugins, no base or form redirection. With
    /// <c>Http:Nodes</c>, connections to the nodes' WebSockets too (<see cref="WebClientNodes.ContentSecurityPolicy"/>).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Maps the page and its assets, when the client was built into the server.</summary>
    public static void MapWebClient(this IEndpointRouteBuilder endpoints)
    {
        var files = WebClientFiles.Load(typeof(WebClientEndpoint).Assembly);
        if (files.Index is not { } index)
        {
            return;
        }

        var nodes = endpoints.ServiceProvider.GetRequiredService<WebClientNodes>();
        endpoints.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers.ContentSecurityPolicy = nodes.ContentSecurityPolicy;
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            return Serve(context, index);
        });
        endpoints.MapMethods(ConfigPath, [HttpMethods.Get, HttpMethods.Head], (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(nodes.Config, "application/json");
        });
        endpoints.MapMethods(AssetsPath + "/{name}", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, string name) =>
        {
            if (files.Asset(name) is not { } asset)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Serve(context, asset);
        });
    }

    private static IResult Serve(HttpContext context, WebClientFile file)
    {
        var headers = context.Response.Headers;
        headers.ETag = file.ETag;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.Contains(file.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var (bytes, encoding) = Choose(context.Request, file);
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        return Results.Bytes(bytes, file.ContentType);
    }

    /// <summary>Brotli when accepted, then gzip, else the bytes as built (q=0 refuses an encoding).</summary>
    private static (byte[] Bytes, string? Encoding) Choose(HttpRequest request, WebClientFile file)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        bool Accepts(string coding) => accepted.Any(a =>
            string.Equals(a.Value.Value, coding, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);
        if (file.Brotli is { } brotli && Accepts("br"))
        {
            return (brotli, "br");
        }

        if (file.Gzip is { } gzip && Accepts("gzip"))
        {
            return (gzip, "gzip");
        }

        return (file.Identity, null);
    }
}
