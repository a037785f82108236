using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>A connected member and the sink that records what it receives.</summary>
internal sealed record Client(Member Member, RecordingSink Sink);

/// <summary>Helpers to build a hub and connect members to it.</summary>
internal static class TestChat
{
    private static int s_nextPort = 40000;

    public static ChatHub NewHub(ChatOptions? options = null) => new(options ?? new ChatOptions(), TimeProvider.System);

    /// <summary>Connects a member (named <paramref name="nick"/> when given) and clears what it saw so far.</summary>
    public static Client Connect(this ChatHub hub, string? nick = null)
    {
        var sink = new RecordingSink();
        var port = Interlocked.Increment(ref s_nextPort);
        var member = hub.Connect($"127.0.0.1:{port}", "127.0.0.1", sink);
        if (nick is not null)
        {
            Assert.Equal(ChatError.None, hub.ChangeNick(member, nick, out _));
        }

        sink.Clear();
        return new Client(member, sink);
    }

    /// <summary>Joins <paramref name="roomName"/>, which must succeed.</summary>
    public static Room JoinOk(this ChatHub hub, Client client, string roomName)
    {
        Assert.Equal(ChatError.None, hub.Join(client.Member, roomName, out var room, out _));
        return Assert.IsType<Room>(room);
    }

    /// <summary>Clears every client's recorded events.</summary>
    public static void ClearAll(params Client[] clients)
    {
        foreach (var client in clients)
        {
            client.Sink.Clear();
        }
    }
}
