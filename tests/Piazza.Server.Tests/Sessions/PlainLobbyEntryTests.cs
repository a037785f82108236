using Piazza.Core;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Sessions;

/// <summary>
/// A plain client is told it is in the lobby only once it is: everyone who entered before that line
/// is counted in it, and everyone who enters after it is shown joining. Someone enters the lobby
/// while the client's session is connecting it to the hub, before it enters (a watcher of guest
/// nicks puts a member there from inside that connect, on the session's own thread), so the race
/// is not left to timing. Counted before the session entered, that member was neither counted nor
/// shown; under load a client that read the line and then connected a second one did not see it
/// join (ShutdownTests failed so, at its first step).
/// </summary>
[Trait("Category", "Slow")]
public sealed class PlainLobbyEntryTests
{
    [Fact]
    public async Task The_lobby_line_counts_who_entered_while_the_client_connected_and_later_joins_are_shown()
    {
        await using var server = await TestServer.StartAsync();
        var hub = server.Hub;
        Assert.Equal(ChatError.None, hub.Connect(new MemberInfo("127.0.0.1:1", "127.0.0.1", "~watch", "watcher", "watcher"), new IgnoringSink(), joinDefaultRoom: false, out var watcher));
        var entering = new EnterOnFirstOnline(hub);
        hub.Watch(watcher!, entering, [.. Enumerable.Range(1, 20).Select(i => $"Guest{i}")]);

        await using var alice = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false);
        Assert.StartsWith("* welcome to Piazza", await alice.NextAsync());
        Assert.Equal("* you are in lobby; 1 other is here", await alice.NextAsync());
        Assert.NotNull(entering.Entered);

        await using var carol = await server.ConnectAsync();
        await alice.ExpectAsync($"* {carol.Address} joined lobby");
    }

    /// <summary>On the first guest nick to come online, puts a plain member in the lobby, there and then.</summary>
    private sealed class EnterOnFirstOnline(ChatHub hub) : INickWatcher
    {
        private int _fired;

        public Member? Entered { get; private set; }

        public void NickOnline(string nick, Member member)
        {
            // Runs inside the connecting session's ChatHub.Connect, before it enters the lobby.
            if (Interlocked.Exchange(ref _fired, 1) == 0)
            {
                Entered = hub.Connect("127.0.0.9:9", "127.0.0.9", new IgnoringSink());
            }
        }

        public void NickOffline(string nick)
        {
        }

        public void WatchedChange(ChatEvent chatEvent)
        {
        }
    }
}
