using Piazza.Core;
using Piazza.Core.Registrations;

namespace Piazza.Core.Tests;

/// <summary>Registered rooms in the hub, without sockets: the rules, the room's life, the operator list, the writes.</summary>
public sealed class ChatHubRegistrationTests
{
    private readonly InMemoryRoomRegistrationStore _store = new();
    private readonly ChatHub _hub;

    public ChatHubRegistrationTests()
    {
        _hub = new ChatHub(new ChatOptions(), TimeProvider.System, registrations: new RoomRegistry(_store, maxPerAccount: 2));
    }

    [Fact]
    public async Task A_registered_room_outlives_its_members_and_closes_once_unregistered_while_empty()
    {
        var alice = LoggedIn("alice");
        var room = _hub.JoinOk(alice, "dev");
        Assert.Equal(ChatError.None, _hub.RegisterRoom(alice.Member, "#dev", out _, out var stored));
        await stored.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ChatError.None, _hub.Part(alice.Member, "dev", out _));
        Assert.Same(room, _hub.FindRoom("dev"));
        Assert.Contains(room, _hub.Rooms);

        Assert.Equal(ChatError.None, _hub.UnregisterRoom(alice.Member, "dev", out _, out stored));
        await stored.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(_hub.FindRoom("dev"));
        Assert.Empty(await _store.LoadAsync());
    }

    [Fact]
    public async Task The_operator_list_follows_plus_and_minus_o_and_the_store_has_the_latest()
    {
        var alice = LoggedIn("alice");
        var bob = LoggedIn("bob");
        var guest = _hub.ConnectAs("guest");
        var room = _hub.JoinOk(alice, "dev");
        _hub.JoinOk(bob, "dev");
        _hub.JoinOk(guest, "dev");
        Assert.Equal(ChatError.None, _hub.RegisterRoom(alice.Member, "dev", out _, out _));

        _hub.SetModesOk(alice, room, new ModeChange(true, 'o', "bob"), new ModeChange(true, 'o', "guest"), new ModeChange(true, 'o', "alice"));
        Assert.Equal(["bob"], room.Registration!.Operators);
        _hub.SetModesOk(alice, room, new ModeChange(true, 'k', "sesame"), new ModeChange(false, 'o', "bob"), new ModeChange(false, 'o', "alice"));
        Assert.Empty(room.Registration!.Operators);
        Assert.Equal("alice", room.Registration.Founder);

        await _hub.Registrations.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var saved = Assert.Single(await _store.LoadAsync());
        Assert.Equal("sesame", saved.Modes.Key);
        Assert.Empty(saved.Registration.Operators);
    }

    [Fact]
    public void The_founder_joins_past_the_key_and_is_made_operator_by_ChanServ()
    {
        var alice = LoggedIn("alice");
        var bob = _hub.ConnectAs("bob");
        var room = _hub.JoinOk(alice, "dev");
        _hub.SetModesOk(alice, room, new ModeChange(true, 'k', "sesame"));
        Assert.Equal(ChatError.None, _hub.RegisterRoom(alice.Member, "dev", out _, out _));
        Assert.Equal(ChatError.None, _hub.Part(alice.Member, "dev", out _));

        Assert.Equal(ChatError.BadKey, _hub.Join(bob.Member, "dev", out _, out _));
        Assert.Equal(ChatError.None, _hub.Join(bob.Member, "dev", "sesame", out _, out _, out _, out var none));
        Assert.Null(none);
        Assert.False(room.IsOperator(bob.Member));

        bob.Sink.Clear();
        Assert.Equal(ChatError.None, _hub.Join(alice.Member, "dev", null, out _, out _, out _, out var opped));
        Assert.True(room.IsOperator(alice.Member));
        Assert.Same(_hub.ChanServ, opped!.Source);
        Assert.Equal([new ModeChange(true, 'o', "alice")], opped.Modes);
        Assert.Contains(bob.Sink.Events, e => ReferenceEquals(e, opped));
    }

    [Fact]
    public void The_limit_per_account_and_the_other_rules_hold()
    {
        var alice = LoggedIn("alice");
        var bob = LoggedIn("bob");
        var guest = _hub.ConnectAs("guest");
        _hub.JoinOk(guest, "guests");
        foreach (var name in new[] { "a", "b", "c" })
        {
            _hub.JoinOk(alice, name);
        }

        _hub.JoinOk(bob, "a");
        Assert.Equal(ChatError.NotLoggedIn, _hub.RegisterRoom(guest.Member, "guests", out _, out _));
        Assert.Equal(ChatError.NotOperator, _hub.RegisterRoom(bob.Member, "a", out _, out _));
        Assert.Equal(ChatError.PermanentRoom, _hub.RegisterRoom(alice.Member, "lobby", out _, out _));
        Assert.Equal(ChatError.NoSuchRoom, _hub.RegisterRoom(alice.Member, "nowhere", out _, out _));
        Assert.Equal(ChatError.InvalidRoom, _hub.RegisterRoom(alice.Member, new string('x', 500), out _, out _));
        Assert.Equal(ChatError.None, _hub.RegisterRoom(alice.Member, "a", out _, out _));
        Assert.Equal(ChatError.AlreadyRegistered, _hub.RegisterRoom(alice.Member, "a", out _, out _));
        Assert.Equal(ChatError.None, _hub.RegisterRoom(alice.Member, "b", out _, out _));
        Assert.Equal(ChatError.TooManyRegistrations, _hub.RegisterRoom(alice.Member, "c", out _, out _));
        Assert.Equal(ChatError.NotFounder, _hub.UnregisterRoom(bob.Member, "a", out _, out _));
        Assert.Equal(ChatError.NotLoggedIn, _hub.UnregisterRoom(guest.Member, "a", out _, out _));
        Assert.Equal(ChatError.NotRegistered, _hub.UnregisterRoom(alice.Member, "c", out _, out _));
        Assert.Equal(2, _hub.RegisteredBy("ALICE"));
    }

    [Fact]
    public void ChanServ_holds_its_nick_and_cannot_be_killed()
    {
        var alice = _hub.ConnectAs("alice");
        Assert.Same(_hub.ChanServ, _hub.FindNick("chanserv"));
        Assert.Equal(ChatError.NickInUse, _hub.ChangeNick(alice.Member, "CHANSERV", out _));
        Assert.DoesNotContain(_hub.ChanServ, _hub.Members);
        _hub.MakeServerOperator(alice.Member, "root");
        Assert.Equal(ChatError.NoSuchNick, _hub.Kill(alice.Member, "ChanServ", "bye", out _));
    }

    private Client LoggedIn(string nick)
    {
        var client = _hub.ConnectAs(nick);
        _hub.LogIn(client.Member, new Accounts.AccountRecord(nick, "hash", DateTimeOffset.UnixEpoch));
        return client;
    }
}
