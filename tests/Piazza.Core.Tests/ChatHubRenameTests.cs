using Piazza.Core;
using Piazza.Core.History;

namespace Piazza.Core.Tests;

/// <summary><see cref="ChatHub.Rename"/>: the room keeps everything but its name, and history follows it.</summary>
public sealed class ChatHubRenameTests : IAsyncDisposable
{
    private readonly InMemoryMessageStore _history = new();
    private readonly ChatHub _hub;
    private readonly Client _alice;
    private readonly Client _bob;
    private readonly Client _carol;
    private readonly Room _dev;

    public ChatHubRenameTests()
    {
        _hub = new ChatHub(new ChatOptions { PermanentRooms = ["help"] }, TimeProvider.System, _history);
        _alice = _hub.Connect("alice");
        _bob = _hub.Connect("bob");
        _carol = _hub.Connect("carol"); // in the lobby only
        _dev = _hub.JoinOk(_alice, "dev"); // alice is dev's operator
        _hub.JoinOk(_bob, "dev");
        TestChat.ClearAll(_alice, _bob, _carol);
    }

    public ValueTask DisposeAsync() => _history.DisposeAsync();

    [Fact]
    public void An_operator_renames_the_room_and_its_members_see_it_with_the_reason()
    {
        var error = _hub.Rename(_alice.Member, _dev, "#Ops", "typo", out var renamed);

        Assert.Equal(ChatError.None, error);
        Assert.NotNull(renamed);
        Assert.Equal(ChatEventKind.RoomRename, renamed.Kind);
        Assert.Equal("dev", renamed.RenamedFrom);
        Assert.Equal("Ops", renamed.RoomName);
        Assert.Equal("typo", renamed.Text);
        Assert.Same(_dev, renamed.Room);
        Assert.Same(renamed, _bob.Sink.Single());
        Assert.Empty(_alice.Sink.Events);
        Assert.Empty(_carol.Sink.Events);
    }

    [Fact]
    public void The_room_keeps_its_members_status_modes_topic_bans_and_current_room_under_the_new_name()
    {
        _hub.SetModesOk(_alice, _dev, new ModeChange(true, 'v', "bob"), new ModeChange(true, 't', null), new ModeChange(true, 'b', "spam!*@*"));
        Assert.Equal(ChatError.None, _hub.SetTopic(_alice.Member, _dev, "the topic"));
        Assert.Same(_dev, _bob.Member.CurrentRoom);

        Assert.Equal(ChatError.None, _hub.Rename(_alice.Member, _dev, "ops", string.Empty, out _));

        Assert.Equal("ops", _dev.Name);
        Assert.Same(_dev, _hub.FindRoom("#OPS"));
        Assert.Null(_hub.FindRoom("dev"));
        Assert.Equal([_alice.Member, _bob.Member], _dev.Members);
        Assert.True(_dev.IsOperator(_alice.Member));
        Assert.True(_dev.IsVoiced(_bob.Member));
        Assert.True(_dev.Modes.TopicLocked);
        Assert.Equal("spam!*@*", Assert.Single(_dev.Bans).Mask);
        Assert.Equal("the topic", _dev.Topic?.Text);
        Assert.Same(_dev, _bob.Member.CurrentRoom);
        Assert.Contains(_dev, _bob.Member.Rooms);
        Assert.Contains(_dev, _hub.Rooms);
    }

    [Fact]
    public async Task History_said_before_the_rename_is_found_under_the_new_name_and_what_follows_joins_it()
    {
        Assert.Equal(ChatError.None, _hub.SendToRoom(_alice.Member, _dev, "before", MessageStyle.Text, out var before));

        Assert.Equal(ChatError.None, _hub.Rename(_alice.Member, _dev, "ops", string.Empty, out _));
        Assert.Equal(ChatError.None, _hub.SendToRoom(_bob.Member, _dev, "after", MessageStyle.Text, out var after));

        Assert.Equal([before!.MessageId, after!.MessageId], (await LatestAsync("ops")).Select(m => m.MessageId));
        Assert.Empty(await LatestAsync("dev"));
    }

    [Fact]
    public void An_event_keeps_the_name_its_room_had_when_it_happened()
    {
        Assert.Equal(ChatError.None, _hub.SendToRoom(_alice.Member, _dev, "hi", MessageStyle.Text, out var said));

        Assert.Equal(ChatError.None, _hub.Rename(_alice.Member, _dev, "ops", string.Empty, out _));

        // A delivery held back for a joiner is encoded after the rename: it must still say dev.
        Assert.Equal("dev", said!.RoomName);
        Assert.Same(_dev, said.Room);
        Assert.Equal("ops", _dev.Name);
    }

    [Fact]
    public async Task The_old_name_is_free_at_once_and_joining_it_makes_a_new_room()
    {
        Assert.Equal(ChatError.None, _hub.SendToRoom(_alice.Member, _dev, "old words", MessageStyle.Text, out _));
        Assert.Equal(ChatError.None, _hub.Rename(_alice.Member, _dev, "ops", string.Empty, out _));

        var fresh = _hub.JoinOk(_carol, "dev");

        Assert.NotSame(_dev, fresh);
        Assert.Equal([_carol.Member], fresh.Members);
        Assert.True(fresh.IsOperator(_carol.Member)); // its first member, as in any new room
        Assert.Empty(await LatestAsync("dev"));
        Assert.Single(await LatestAsync("ops"));
    }

    [Fact]
    public void A_case_change_renames_the_room_in_place()
    {
        Assert.Equal(ChatError.None, _hub.Rename(_alice.Member, _dev, "#DEV", string.Empty, out var renamed));

        Assert.Equal("DEV", _dev.Name);
        Assert.Equal("dev", renamed!.RenamedFrom);
        Assert.Same(_dev, _hub.FindRoom("dev"));
        Assert.Single(_hub.Rooms, r => RoomName.Comparer.Equals(r.Name, "dev"));
        Assert.Same(renamed, _bob.Sink.Single());
    }

    [Fact]
    public void Refusals_change_nothing_and_tell_no_one()
    {
        var other = _hub.JoinOk(_carol, "other");
        TestChat.ClearAll(_alice, _bob, _carol);

        Assert.Equal(ChatError.NotOperator, _hub.Rename(_bob.Member, _dev, "ops", string.Empty, out _));
        Assert.Equal(ChatError.NotInRoom, _hub.Rename(_carol.Member, _dev, "ops", string.Empty, out _));
        Assert.Equal(ChatError.RoomNameInUse, _hub.Rename(_alice.Member, _dev, "#OTHER", string.Empty, out _));
        Assert.Equal(ChatError.InvalidRoom, _hub.Rename(_alice.Member, _dev, "no way", string.Empty, out _));
        Assert.Equal(ChatError.InvalidRoom, _hub.Rename(_alice.Member, _dev, "#", string.Empty, out _));
        Assert.Equal(ChatError.InvalidRoom, _hub.Rename(_alice.Member, _dev, new string('x', _hub.Options.MaxRoomNameLength + 1), string.Empty, out _));

        Assert.Equal("dev", _dev.Name);
        Assert.Same(_dev, _hub.FindRoom("dev"));
        Assert.Same(other, _hub.FindRoom("other"));
        Assert.Empty(_alice.Sink.Events);
        Assert.Empty(_bob.Sink.Events);
        Assert.Empty(_carol.Sink.Events);
    }

    [Fact]
    public void Permanent_rooms_keep_their_names_even_for_a_server_operator()
    {
        Assert.True(_hub.MakeServerOperator(_carol.Member, "root"));
        var help = Assert.IsType<Room>(_hub.FindRoom("help"));

        Assert.Equal(ChatError.CannotRename, _hub.Rename(_carol.Member, _hub.DefaultRoom, "hall", string.Empty, out _));
        Assert.Equal(ChatError.CannotRename, _hub.Rename(_carol.Member, help, "support", string.Empty, out _));
        Assert.Equal(ChatError.NotOperator, _hub.Rename(_alice.Member, _hub.DefaultRoom, "hall", string.Empty, out _));

        Assert.Same(_hub.DefaultRoom, _hub.FindRoom("lobby"));
        Assert.Same(help, _hub.FindRoom("help"));
    }

    [Fact]
    public void A_server_operator_renames_a_room_it_is_not_in()
    {
        Assert.True(_hub.MakeServerOperator(_carol.Member, "root"));

        Assert.Equal(ChatError.None, _hub.Rename(_carol.Member, _dev, "ops", "cleanup", out var renamed));

        Assert.Same(renamed, _alice.Sink.Single());
        Assert.Same(renamed, _bob.Sink.Single());
        Assert.Empty(_carol.Sink.Events);
    }

    [Fact]
    public async Task Renames_racing_joins_and_messages_lose_no_member_and_no_message()
    {
        // Joiners of the old name and senders in the room run against a rename: every joiner ends
        // in the renamed room or in a new room of the old name (never in a room no one can find),
        // and every message is stored under the name its room has after the rename.
        const int Joiners = 8;
        const int Messages = 200;
        var joiners = Enumerable.Range(0, Joiners).Select(i => _hub.Connect($"j{i}")).ToArray();
        using var start = new Barrier(Joiners + 2);
        // Threads of their own (LongRunning): on two cores the pool would add them a second apart.
        var joins = joiners.Select(j => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                Assert.Equal(ChatError.None, _hub.Join(j.Member, "dev", out var room, out _));
                return room!;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var sender = Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < Messages; i++)
                {
                    Assert.Equal(ChatError.None, _hub.SendToRoom(_bob.Member, _dev, $"m{i}", MessageStyle.Text, out _));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        start.SignalAndWait();
        Assert.Equal(ChatError.None, _hub.Rename(_alice.Member, _dev, "ops", string.Empty, out _));
        await Task.WhenAll([.. joins, sender]).WaitAsync(TimeSpan.FromSeconds(30));

        foreach (var (joiner, join) in joiners.Zip(joins))
        {
            var room = await join;
            Assert.Same(room, _hub.FindRoom(room.Name));
            Assert.True(room.Contains(joiner.Member));
        }

        Assert.Equal(Messages, (await LatestAsync("ops", Messages * 2)).Count(m => m.Text.StartsWith('m')));
        Assert.DoesNotContain(await LatestAsync("dev", Messages * 2), m => m.SenderNick == "bob");
    }

    private Task<IReadOnlyList<StoredMessage>> LatestAsync(string room, int limit = 50) =>
        _history.LatestAsync(room, limit).WaitAsync(TimeSpan.FromSeconds(10));
}
