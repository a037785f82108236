using System.Collections.Concurrent;

namespace Piazza.Testing;

/// <summary>
/// Clients of a <see cref="TestServer"/>, and the setups many tests share (two named clients, two
/// in a room). A client connected here is closed when the server is disposed, before it stops and
/// the last connected first, as <c>await using</c> would; so a helper can hand back several at once:
/// <c>var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");</c> (<c>await using</c>
/// on one still closes it earlier). Each step is checked as a test would: a refused registration,
/// nick or join fails the test there. The pair helpers read every line their steps cause on both
/// clients, so what a test then reads is what it caused.
/// </summary>
public sealed partial class TestServer
{
    private readonly ConcurrentStack<IAsyncDisposable> _clients = new();

    /// <summary>A plain client, welcomed into the lobby under its address.</summary>
    public async Task<LineClient> ConnectAsync() => Keep(await LineClient.ConnectAsync(EndPoint));

    /// <summary>A plain client named <paramref name="nick"/> (confirmed); others in the lobby are told, and it is left to them to read.</summary>
    public async Task<LineClient> ConnectAsync(string nick)
    {
        var client = await ConnectAsync();
        await client.NickAsync(nick);
        return client;
    }

    /// <summary>Two plain guests in the lobby, named by their addresses; the first has read the second's arrival.</summary>
    public async Task<(LineClient First, LineClient Second)> PlainPairAsync()
    {
        var first = await ConnectAsync();
        var second = await ConnectAsync();
        await first.ExpectAsync($"* {second.Address} joined lobby");
        return (first, second);
    }

    /// <summary>Two plain clients in the lobby, named <paramref name="first"/> and <paramref name="second"/>; each has read the other's arrival and rename.</summary>
    public async Task<(LineClient First, LineClient Second)> PlainPairAsync(string first, string second)
    {
        var (a, b) = await PlainPairAsync();
        await a.NickAsync(first);
        await b.ExpectAsync($"* {a.Address} is now known as {first}");
        await b.NickAsync(second);
        await a.ExpectAsync($"* {b.Address} is now known as {second}");
        return (a, b);
    }

    /// <summary>
    /// <see cref="PlainPairAsync(string, string)"/>, then both join the new <paramref name="room"/>
    /// (the first, its operator, before the second, whose arrival it reads); what they type then goes there.
    /// </summary>
    public async Task<(LineClient First, LineClient Second)> PlainPairInAsync(string room, string first, string second)
    {
        var (a, b) = await PlainPairAsync(first, second);
        await a.SendAsync("/join " + room);
        await a.ExpectAsync($"* you are in {room}; nobody else is here");
        await b.SendAsync("/join " + room);
        await b.ExpectAsync($"* you are in {room}; 1 other is here");
        await a.ExpectAsync($"* {second} joined {room}");
        return (a, b);
    }

    /// <summary>Connects to the IRC port and registers as <paramref name="nick"/>, requesting <paramref name="caps"/> first; the welcome burst is read.</summary>
    public async Task<IrcClient> ConnectIrcAsync(string nick, params string[] caps)
    {
        var client = Keep(await IrcClient.ConnectAsync(IrcEndPoint));
        await client.RegisterAsync(nick, caps);
        return client;
    }

    /// <summary>Two registered IRC clients in <paramref name="channel"/> (the first its operator); each has read every join.</summary>
    public async Task<(IrcClient First, IrcClient Second)> IrcPairInAsync(string channel, string first, string second)
    {
        var a = await ConnectIrcAsync(first);
        var b = await ConnectIrcAsync(second);
        await IrcClient.JoinAllAsync(channel, a, b);
        return (a, b);
    }

    /// <summary>Three registered IRC clients in <paramref name="channel"/> (the first its operator); each has read every join.</summary>
    public async Task<(IrcClient First, IrcClient Second, IrcClient Third)> IrcTrioInAsync(string channel, string first, string second, string third)
    {
        var a = await ConnectIrcAsync(first);
        var b = await ConnectIrcAsync(second);
        var c = await ConnectIrcAsync(third);
        await IrcClient.JoinAllAsync(channel, a, b, c);
        return (a, b, c);
    }

    /// <summary><c>ws://</c> the HTTP port <c>/ws</c>: IRC over WebSocket.</summary>
    public Uri WebSocketUri => new($"ws://{HttpEndPoint}/ws");

    /// <summary>
    /// Opens IRC over WebSocket offering <paramref name="subprotocols"/> (none: a plain
    /// <c>new WebSocket(url)</c>) and registers as <paramref name="nick"/>; the welcome burst is read.
    /// </summary>
    public async Task<IrcClient> ConnectWebSocketIrcAsync(string nick, params string[] subprotocols)
    {
        var client = Keep(await IrcClient.ConnectWebSocketAsync(WebSocketUri, subprotocols));
        await client.RegisterAsync(nick);
        return client;
    }

    private T Keep<T>(T client)
        where T : IAsyncDisposable
    {
        _clients.Push(client);
        return client;
    }

    private async Task CloseClientsAsync()
    {
        while (_clients.TryPop(out var client))
        {
            await client.DisposeAsync();
        }
    }
}
