using System.Reflection;
using System.Security.Cryptography;

namespace Piazza.Server.Http;

/// <summary>One file of the web client, as built (src/Piazza.Web/build.mjs) and as gzip and brotli.</summary>
/// <param name="Name">The file name: <c>index.html</c> or a hashed asset such as <c>app-3FX2.js</c>.</param>
/// <param name="ContentType">The media type sent with it.</param>
/// <param name="Identity">The bytes as built.</param>
/// <param name="Gzip">The same, gzip-compressed at build time; null when the build made none.</param>
/// <param name="Brotli">The same, brotli-compressed at build time; null when the build made none.</param>
/// <param name="ETag">A strong entity tag from the content's hash, quoted.</param>
internal sealed record WebClientFile(string Name, string ContentType, byte[] Identity, byte[]? Gzip, byte[]? Brotli, string ETag);

/// <summary>
/// The web client's files, read once from the resources embedded in piazza-server.dll
/// (WebClient.targets names them <c>web/&lt;file&gt;</c>), so the served files cannot go missing
/// from an output folder. Immutable after construction; read by any request thread.
/// </summary>
internal sealed class WebClientFiles
{
    private const string ResourcePrefix = "web/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".webmanifest"] = "application/manifest+json",
    };

    private readonly Dictionary<string, WebClientFile> _files;

    private WebClientFiles(Dictionary<string, WebClientFile> files) => _files = files;

    /// <summary>The page itself (served at <c>/</c>), or null when the client was not built in.</summary>
    public WebClientFile? Index => _files.GetValueOrDefault("index.html");

    /// <summary>Every file but the page (served under <c>/assets/</c>).</summary>
    public IEnumerable<WebClientFile> Assets => _files.Values.Where(f => f.Name != "index.html");

    /// <summary>The asset of that name; never the page, whose caching differs.</summary>
    public WebClientFile? Asset(string name) =>
        name != "index.html" && _files.TryGetValue(name, out var file) ? file : null;

    /// <summary>Reads the embedded files of <paramref name="assembly"/> (the server's).</summary>
    public static WebClientFiles Load(Assembly assembly)
    {
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .ToHashSet(StringComparer.Ordinal);
        var files = new Dictionary<string, WebClientFile>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var extension = Path.GetExtension(name);
            if (extension is ".gz" or ".br" || !ContentTypes.TryGetValue(extension, out var contentType))
            {
                continue;
            }

            var identity = Read(assembly, name)!;
            files[name] = new WebClientFile(
                name,
                contentType,
                identity,
                Read(assembly, name + ".gz"),
                Read(assembly, name + ".br"),
                $"\"{Convert.ToHexStringLower(SHA256.HashData(identity).AsSpan(0, 12))}\"");
        }

        return new WebClientFiles(files);
    }

    private static byte[]? Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
