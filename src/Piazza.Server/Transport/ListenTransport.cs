using System.Net;

using Piazza.Server.Hosting;

namespace Piazza.Server.Transport;

/// <summary>Which transport the chat and IRC ports listen with (<c>Listen:Transport</c>).</summary>
internal static class ListenTransport
{
    /// <summary>
    /// Whether <c>Listen:Transport</c> asks for Piazza's own transport. Read from the configuration,
    /// not the options: Kestrel's listeners are configured before the settings are validated (a
    /// bad value stops the server before any client is accepted).
    /// </summary>
    public static bool IsOwn(IConfiguration configuration) =>
        !string.Equals(configuration[$"{ListenSettings.Section}:{nameof(ListenSettings.Transport)}"]?.Trim(), ListenSettings.KestrelTransport, StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="endPoint"/>, marked for our transport when <paramref name="own"/>.</summary>
    public static IPEndPoint Mark(IPEndPoint endPoint, bool own) => own ? ChatListenEndPoint.From(endPoint) : endPoint;
}
