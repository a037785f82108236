using System.Net;
using System.Net.Sockets;

using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Piazza.Server.Hosting;

/// <summary>
/// Makes Kestrel's listening sockets: sets <c>Listen:SendBufferBytes</c> (accepted sockets inherit
/// the listener's buffer sizes, tcp(7)) and turns a taken address into an error that names the
/// setting, not Kestrel's <c>http://</c> URL (the chat and IRC ports are not HTTP).
/// </summary>
internal static class ListenSocketFactory
{
    public static void Configure(SocketTransportOptions sockets, ListenSettings listen) =>
        sockets.CreateBoundListenSocket = endPoint => Create(endPoint, listen);

    public static Socket Create(EndPoint endPoint, ListenSettings listen)
    {
        Socket socket;
        try
        {
            socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new ListenerInUseException(SettingOf(endPoint, listen), endPoint, ex);
        }

        if (listen.SendBufferBytes > 0)
        {
            socket.SendBufferSize = listen.SendBufferBytes;
        }

        return socket;
    }

    private static string SettingOf(EndPoint endPoint, ListenSettings listen) =>
        endPoint.Equals(listen.ChatEndPoint) ? $"{ListenSettings.Section}:{nameof(ListenSettings.Chat)}"
        : endPoint.Equals(listen.IrcEndPoint) ? $"{ListenSettings.Section}:{nameof(ListenSettings.Irc)}"
        : endPoint.Equals(listen.HttpEndPoint) ? $"{ListenSettings.Section}:{nameof(ListenSettings.Http)}"
        : endPoint.Equals(listen.TlsEndPoint) ? $"{ListenSettings.Section}:{nameof(ListenSettings.Tls)}"
        : "Listen";
}
