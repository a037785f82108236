using System.Diagnostics;
using System.Globalization;
using System.Net;

using Piazza.Testing;

namespace Piazza.Server.Tests.Http;

/// <summary>
/// Reading /metrics in tests: a series' value from Prometheus' text, and polling until the figures
/// say what a test waits for (the exporter caches a scrape briefly, so a change shows a moment later).
/// </summary>
internal static class MetricsScrape
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>An HTTP client for the server's HTTP port.</summary>
    public static HttpClient ClientFor(TestServer server) =>
        new() { BaseAddress = new Uri($"http://{server.HttpEndPoint}/"), Timeout = TestServer.Timeout };

    /// <summary>The value of the series <paramref name="name"/> carrying every one of <paramref name="labels"/> (any others too, such as the scope's), or null when absent.</summary>
    public static double? Value(string text, string name, params (string Name, string Value)[] labels)
    {
        foreach (var line in text.Split('\n'))
        {
            if ((line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
                && labels.All(l => line.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>Scrapes until <paramref name="done"/> holds for the text, within the test timeout; returns that text.</summary>
    public static async Task<string> PollUntilAsync(HttpClient http, Func<string, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            if (done(text))
            {
                return text;
            }

            Assert.True(clock.Elapsed < TestServer.Timeout, "the figures never came: " + text);
            await Task.Delay(PollInterval);
        }
    }
}
