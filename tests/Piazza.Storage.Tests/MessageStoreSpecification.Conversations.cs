using Piazza.Core.History;
using Piazza.Storage.Tests.Infrastructure;

using static Piazza.Storage.Tests.Infrastructure.TestMessages;

namespace Piazza.Storage.Tests;

/// <summary>Private messages between accounts: conversations kept where a room's name goes (<see cref="Conversation"/>).</summary>
public abstract partial class MessageStoreSpecification
{
    [Fact]
    public async Task A_conversation_is_one_whichever_side_and_case_asks()
    {
        Store.Append(Private("Alice", "bob", 1));
        Store.Append(Private("bob", "Alice", 2));
        Store.Append(Private("alice", "carol", 3));
        Store.Append(Make("lobby", 4));
        await FlushAsync();

        var ab = await Store.LatestAsync(Conversation.Key("BOB", "alice"), 10).WaitAsync(TestTimeouts.Operation);
        Assert.Equal(Ids(1, 2), Ids(ab));
        Assert.Equal(["bob", "Alice"], ab.Select(m => m.Recipient));
        Assert.All(ab, m => Assert.Equal("@alice@bob", m.Room));
        Assert.Equal(Ids(3), Ids(await Store.LatestAsync(Conversation.Key("carol", "alice"), 10).WaitAsync(TestTimeouts.Operation)));
        Assert.Empty(await Store.LatestAsync(Conversation.Key("bob", "carol"), 10).WaitAsync(TestTimeouts.Operation));
        Assert.Null(Assert.Single(await Store.LatestAsync("lobby", 10).WaitAsync(TestTimeouts.Operation)).Recipient);
    }

    [Fact]
    public async Task A_conversation_answers_every_query_as_a_room_does()
    {
        var key = Conversation.Key("alice", "bob");
        for (var n = 0; n < 10; n++)
        {
            Store.Append(n % 2 == 0 ? Private("alice", "bob", n) : Private("bob", "alice", n));
            Store.Append(Private("alice", "carol", 100 + n, $"other{n}"));
        }

        await FlushAsync();

        Assert.Equal(Ids(2, 3, 4), Ids(await Store.BeforeAsync(key, HistoryPoint.AtMessage("m5"), 3).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(6, 7), Ids(await Store.AfterAsync(key, HistoryPoint.AtTime(At(5)), 2).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(4, 5, 6), Ids(await Store.AroundAsync(key, HistoryPoint.AtMessage("m5"), 3).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal(Ids(3, 4, 5), Ids(await Store.BetweenAsync(key, HistoryPoint.AtMessage("m2"), HistoryPoint.AtTime(At(6)), 10).WaitAsync(TestTimeouts.Operation)));
        Assert.True(await Store.ContainsAsync(key, "m5").WaitAsync(TestTimeouts.Operation));

        // A msgid of another conversation is not this one's.
        Assert.False(await Store.ContainsAsync(key, "other5").WaitAsync(TestTimeouts.Operation));
        Assert.True(await Store.ContainsAsync(Conversation.Key("carol", "alice"), "other5").WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task Conversations_lists_an_accounts_conversations_by_their_latest_message()
    {
        Store.Append(Private("alice", "bob", 1, "ab1"));
        Store.Append(Make("lobby", 2, "l2"));
        Store.Append(Private("carol", "alice", 3, "ca3"));
        Store.Append(Private("bob", "carol", 4, "bc4"));
        Store.Append(Private("alice", "alice", 5, "aa5"));
        Store.Append(Private("Bob", "Alice", 6, "ba6"));
        await FlushAsync();

        var all = await Store.ConversationsAsync("ALICE", At(0), At(60), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation);
        Assert.Equal([("@alice@carol", At(3)), ("@alice@alice", At(5)), ("@alice@bob", At(6))], all);
        Assert.Equal(
            [("@alice@bob", At(6)), ("@alice@alice", At(5))],
            await Store.ConversationsAsync("alice", At(0), At(60), 2, newestFirst: true).WaitAsync(TestTimeouts.Operation));

        // The latest message counts: alice and bob spoke again at 6, after this window.
        Assert.Equal(
            [("@alice@carol", At(3))],
            await Store.ConversationsAsync("alice", At(0), At(4), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation));
        Assert.Equal(
            [("@bob@carol", At(4)), ("@alice@bob", At(6))],
            await Store.ConversationsAsync("bob", At(0), At(60), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation));
        Assert.Empty(await Store.ConversationsAsync("dave", At(0), At(60), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation));

        // Rooms are not conversations, nor conversations rooms.
        Assert.Equal([("lobby", At(2))], Normalize(await Store.TargetsAsync(At(0), At(60), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task A_conversation_is_redacted_and_pruned_as_a_room_is()
    {
        var key = Conversation.Key("alice", "bob");
        for (var n = 0; n < 6; n++)
        {
            Store.Append(Private("alice", "bob", n));
        }

        await FlushAsync();

        Assert.True(await Store.DeleteAsync(key, "m5").WaitAsync(TestTimeouts.Operation));
        Assert.False(await Store.DeleteAsync(Conversation.Key("alice", "carol"), "m4").WaitAsync(TestTimeouts.Operation));
        Assert.Equal(Range(0, 4), Ids(await Store.LatestAsync(key, 10).WaitAsync(TestTimeouts.Operation)));

        Assert.Equal(3, await Store.PruneAsync(At(2), keepPerRoom: 100).WaitAsync(TestTimeouts.Operation) + await Store.PruneAsync(At(0), keepPerRoom: 2).WaitAsync(TestTimeouts.Operation));
        Assert.Equal(Ids(3, 4), Ids(await Store.LatestAsync(key, 10).WaitAsync(TestTimeouts.Operation)));
        Assert.Equal([(key, At(4))], await Store.ConversationsAsync("bob", At(0), At(60), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation));

        // Every message gone: the conversation is no longer listed.
        await Store.PruneAsync(At(60), keepPerRoom: 100).WaitAsync(TestTimeouts.Operation);
        Assert.Empty(await Store.ConversationsAsync("bob", At(0), At(60), 10, newestFirst: false).WaitAsync(TestTimeouts.Operation));
    }
}
