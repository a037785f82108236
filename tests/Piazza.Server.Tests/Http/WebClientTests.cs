using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;

using Piazza.Server.Http;
using Piazza.Testing;

namespace Piazza.Server.Tests.Http;

/// <summary>
/// The web client on the HTTP port, as built by WebClient.targets and embedded in the server:
/// the page at /, its hashed assets under /assets/ with their types, caching and compression,
/// the size budget, its settings at /client.json (the cluster's nodes, Http:Nodes) and the
/// Content-Security-Policy they widen, and the paths it must not catch.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class WebClientTests
{
    /// <summary>All JS and CSS of the page, gzip-compressed as served (brotli is smaller still).</summary>
    private const int BudgetBytes = 150 * 1024;

    [Fact]
    public async Task Root_serves_the_page_with_a_strict_csp_and_no_cache_naming_a_script_and_a_style_sheet()
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);

        using var response = await http.GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.NoCache);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(WebClientEndpoint.ContentSecurityPolicy, csp);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("http", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Single(AssetPaths(html), p => p.EndsWith(".js", StringComparison.Ordinal));
        Assert.Single(AssetPaths(html), p => p.EndsWith(".css", StringComparison.Ordinal));
        // No inline script: every <script> has a src.
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.Contains("<div id=\"app\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_json_names_no_nodes_for_a_server_without_a_cluster()
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);

        using var response = await http.GetAsync(new Uri(WebClientEndpoint.ConfigPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal("""{"webSockets":[]}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_nodes_client_json_lists_their_websockets_once_each_and_the_page_may_connect_to_them()
    {
        // Http:Nodes, as deploy/cluster.sh gives each node: the page learns where to reconnect, and
        // its Content-Security-Policy lets it (connect-src), nothing else widened.
        await using var server = await TestServer.StartAsync(
            "Http:Nodes:0=http://127.0.0.1:8081", "Http:Nodes:1=https://node2.chat.example.org", "Http:Nodes:2=", "Http:Nodes:3=http://[::1]:8083", "Http:Nodes:4=HTTP://127.0.0.1:8081");
        using var http = Client(server);

        var config = await http.GetStringAsync(new Uri(WebClientEndpoint.ConfigPath, UriKind.Relative));
        using var page = await http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal("""{"webSockets":["ws://127.0.0.1:8081/ws","wss://node2.chat.example.org/ws","ws://[::1]:8083/ws"]}""", config);
        var csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(
            WebClientEndpoint.ContentSecurityPolicy.Replace("connect-src 'self';", "connect-src 'self' ws://127.0.0.1:8081 wss://node2.chat.example.org ws://[::1]:8083;", StringComparison.Ordinal),
            csp);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_have_their_content_types_a_long_cache_and_the_same_bytes_as_brotli_gzip_or_plain()
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);
        var paths = AssetPaths(await http.GetStringAsync(new Uri("/", UriKind.Relative)));

        foreach (var path in paths)
        {
            var (plain, plainResponse) = await GetAsync(http, path, encoding: null);
            var (brotli, brotliResponse) = await GetAsync(http, path, "gzip, deflate, br");
            var (gzip, gzipResponse) = await GetAsync(http, path, "gzip");

            var type = Path.GetExtension(path) switch
            {
                ".js" => "text/javascript",
                ".css" => "text/css",
                ".svg" => "image/svg+xml",
                _ => throw new InvalidOperationException($"the page names an asset of an unexpected kind: {path}"),
            };
            foreach (var response in new[] { plainResponse, brotliResponse, gzipResponse })
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.CacheControl?.Public);
                Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
                Assert.Contains("Accept-Encoding", response.Headers.Vary);
            }

            Assert.Empty(plainResponse.Content.Headers.ContentEncoding);
            Assert.Equal("br", Assert.Single(brotliResponse.Content.Headers.ContentEncoding));
            Assert.Equal("gzip", Assert.Single(gzipResponse.Content.Headers.ContentEncoding));
            Assert.True(brotli.Length < plain.Length && gzip.Length < plain.Length, $"{path} is not smaller compressed");
            Assert.Equal(plain, Decompress(brotli, s => new BrotliStream(s, CompressionMode.Decompress)));
            Assert.Equal(plain, Decompress(gzip, s => new GZipStream(s, CompressionMode.Decompress)));
            foreach (var response in new[] { plainResponse, brotliResponse, gzipResponse })
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task The_scripts_and_style_sheets_fit_the_budget_of_150_KB_compressed()
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);
        var paths = AssetPaths(await http.GetStringAsync(new Uri("/", UriKind.Relative)));

        long total = 0;
        foreach (var path in paths.Where(p => p.EndsWith(".js", StringComparison.Ordinal) || p.EndsWith(".css", StringComparison.Ordinal)))
        {
            var (gzip, response) = await GetAsync(http, path, "gzip");
            using (response)
            {
                Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
            }

            total += gzip.Length;
        }

        Assert.InRange(total, 1, BudgetBytes);
    }

    [Fact]
    public async Task A_page_already_held_is_answered_304_by_its_etag()
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);
        using var first = await http.GetAsync(new Uri("/", UriKind.Relative));
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("nope.js")]
    [InlineData("assets/nope.js")]
    [InlineData("assets/index.html")]
    [InlineData("index.html")]
    [InlineData("some/page")]
    public async Task Unknown_paths_are_404_not_the_page(string path)
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_and_metrics_are_still_theirs()
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);

        using var health = await http.GetAsync(new Uri("healthz", UriKind.Relative));
        using var metrics = await http.GetAsync(new Uri("metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("application/json", health.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
    }

    private static HttpClient Client(TestServer server) =>
        new() { BaseAddress = new Uri($"http://{server.HttpEndPoint}/"), Timeout = TestServer.Timeout };

    private static async Task<(byte[] Body, HttpResponseMessage Response)> GetAsync(HttpClient http, string path, string? encoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        using (request)
        {
            if (encoding is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
            }

            var response = await http.SendAsync(request);
            return (await response.Content.ReadAsByteArrayAsync(), response);
        }
    }

    private static byte[] Decompress(byte[] bytes, Func<Stream, Stream> open)
    {
        using var input = new MemoryStream(bytes);
        using var stream = open(input);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The /assets/… paths the page names in src= and href=.</summary>
    private static List<string> AssetPaths(string html) =>
        AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("(?:src|href)=\"(/assets/[^\"]+)\"")]
    private static partial Regex AssetReference();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
