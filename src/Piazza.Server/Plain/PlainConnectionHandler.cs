using System.Net;

using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Protocol.Line;
using Piazza.Server.Hosting;

namespace Piazza.Server.Plain;

/// <summary>
/// Kestrel's entry point for the chat port: enforces the connection limit, then runs a
/// <see cref="PlainSession"/> for the life of the connection.
/// </summary>
internal sealed partial class PlainConnectionHandler(
    ChatHub hub,
    ConnectionCounter connections,
    IOptions<ChatOptions> options,
    ILogger<PlainSession> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var max = options.Value.MaxConnections;
        if (!connections.TryAcquire(max))
        {
            LogServerFull(logger, connection.RemoteEndPoint?.ToString(), max);
            await RefuseAsync(connection, $"server full ({max} connections); try again later");
            return;
        }

        try
        {
            var (address, host) = Describe(connection.RemoteEndPoint);
            var session = new PlainSession(connection, hub, options.Value, logger, address, host);
            await session.RunAsync();
        }
        finally
        {
            connections.Release();
        }
    }

    /// <summary>The seed's <c>ip:port</c> name for the client, and its IP alone.</summary>
    internal static (string Address, string Host) Describe(EndPoint? endPoint)
    {
        if (endPoint is not IPEndPoint ip)
        {
            var text = endPoint?.ToString() ?? "unknown";
            return (text, text);
        }

        var address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
        var normalised = new IPEndPoint(address, ip.Port);
        return (normalised.ToString(), address.ToString());
    }

    private static async Task RefuseAsync(ConnectionContext connection, string why)
    {
        try
        {
            await connection.Transport.Output.WriteAsync(LineWriter.Error(why));
            await connection.Transport.Output.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException or OperationCanceledException)
        {
            // It left before hearing why; nothing more to do.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {RemoteEndPoint}: {Max} connections open already")]
    private static partial void LogServerFull(ILogger logger, string? remoteEndPoint, int max);
}
