using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

using Piazza.Server.Http;

namespace Piazza.Server.WebSockets;

/// <summary>
/// Which web pages may open <c>/ws</c> (<see cref="HttpOptions.AllowedOrigins"/>, and the pages
/// of the cluster's nodes, <see cref="HttpOptions.Nodes"/>, whose web client reconnects through
/// any of them). A WebSocket is
/// not bound by the browser's same-origin rule: without this check, any page a member visits could
/// connect to the chat from their browser, with their address and cookies. Checked before the upgrade.
/// </summary>
internal sealed class OriginPolicy
{
    private readonly bool _any;
    private readonly HashSet<WebOrigin> _allowed = [];

    public OriginPolicy(IOptions<HttpOptions> options)
    {
        foreach (var entry in options.Value.AllowedOriginEntries)
        {
            if (entry.Trim() == HttpOptions.AnyOrigin)
            {
                _any = true;
            }
            else if (WebOrigin.TryParse(entry.Trim(), out var origin))
            {
                _allowed.Add(origin);
            }
        }

        foreach (var entry in options.Value.NodeEntries)
        {
            if (WebClientNodes.TryParse(entry, out var node))
            {
                _allowed.Add(node);
            }
        }
    }

    /// <summary>
    /// True when a request with these <c>Origin</c> header values, sent to <paramref name="host"/>
    /// (its <c>Host</c> header), may upgrade: no Origin at all (not a browser), the same host and
    /// port as the request's, a listed origin or node, or any with <c>*</c>. Two Origin headers, or one
    /// that is not an origin (<c>null</c>), are refused unless <c>*</c>.
    /// </summary>
    public bool Allows(StringValues origins, HostString host)
    {
        if (origins.Count == 0 || _any)
        {
            return true;
        }

        if (origins.Count > 1 || !WebOrigin.TryParse(origins[0], out var origin))
        {
            return false;
        }

        return (host.HasValue && origin.Names(host.Host, host.Port)) || _allowed.Contains(origin);
    }
}
