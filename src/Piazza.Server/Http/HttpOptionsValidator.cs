using Microsoft.Extensions.Options;

using Piazza.Server.Settings;
using Piazza.Server.WebSockets;

namespace Piazza.Server.Http;

/// <summary>
/// Checks <c>Http:*</c> at startup: each <c>Http:AllowedOrigins</c> entry is <c>*</c> or an origin;
/// each <c>Http:Nodes</c> entry an http or https origin (<see cref="WebClientNodes.TryParse"/>);
/// <c>Http:WebSocketCloseTimeoutSeconds</c> from 1 to <see cref="MaxWebSocketCloseTimeoutSeconds"/>.
/// </summary>
internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    /// <summary>The longest WebSocket close timeout, in seconds: an hour is far more than any client needs to say goodbye.</summary>
    public const int MaxWebSocketCloseTimeoutSeconds = 3600;

    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var problems = new SettingProblems(HttpOptions.Section);
        problems.InRange(options.WebSocketCloseTimeoutSeconds, nameof(HttpOptions.WebSocketCloseTimeoutSeconds), 1, MaxWebSocketCloseTimeoutSeconds);
        var origins = options.AllowedOrigins ?? [];
        for (var i = 0; i < origins.Count; i++)
        {
            var entry = origins[i];
            if (!string.IsNullOrWhiteSpace(entry) && entry != HttpOptions.AnyOrigin && !WebOrigin.TryParse(entry, out _))
            {
                problems.Add($"{nameof(HttpOptions.AllowedOrigins)}:{i}", "must be an origin such as https://chat.example.org or "
                    + $"http://localhost:5173 (scheme://host[:port], no path), or * for any (was \"{entry}\")");
            }
        }

        var nodes = options.Nodes ?? [];
        for (var i = 0; i < nodes.Count; i++)
        {
            var entry = nodes[i];
            if (!string.IsNullOrWhiteSpace(entry) && !WebClientNodes.TryParse(entry, out _))
            {
                problems.Add($"{nameof(HttpOptions.Nodes)}:{i}", "must be a node's web address such as http://127.0.0.1:8081 or "
                    + $"https://node2.chat.example.org (http or https://host[:port], no path) (was \"{entry}\")");
            }
        }

        return problems.ToResult();
    }
}
