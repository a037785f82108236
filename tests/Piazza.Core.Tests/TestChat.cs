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

    /// <summary>
    /// Connects a member as IRC registration does, with its nick, user and host, and clears what
    /// it saw so far. It joins the default room only when <paramref name="joinDefaultRoom"/>.
    /// </summary>
    public static Client ConnectAs(this ChatHub hub, string nick, string user = "~user", string host = "127.0.0.1", bool joinDefaultRoom = false)
    {
        var sink = new RecordingSink();
        var port = Interlocked.Increment(ref s_nextPort);
        var info = new MemberInfo($"{host}:{port}", host, user, "Real " + nick, nick);
        Assert.Equal(ChatError.None, hub.Connect(info, sink, joinDefaultRoom, out var member));
        sink.Clear();
        return new Client(Assert.IsType<Member>(member), sink);
    }

    /// <summary>Applies <paramref name="changes"/> as <paramref name="client"/>, which must be allowed; returns the per-change errors.</summary>
    public static List<(ModeChange Change, ChatError Error)> SetModesOk(this ChatHub hub, Client client, Room room, params ModeChange[] changes)
    {
        Assert.Equal(ChatError.None, hub.SetModes(client.Member, room, changes, out var errors, out _));
        return errors;
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
