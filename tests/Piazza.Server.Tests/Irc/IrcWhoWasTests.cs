using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>WHOWAS end to end (https://modern.ircdocs.horse/#whowas-message).</summary>
[Trait("Category", "Slow")]
public sealed class IrcWhoWasTests
{
    [Fact]
    public async Task A_quit_nick_is_listed_with_314_and_312_then_369()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await bob.SendAsync("QUIT :bye");
        await alice.ExpectAsync("QUIT");

        await alice.SendAsync("WHOWAS bob");
        var lines = await alice.SyncAsync();

        Assert.Equal(["314", "312", "369"], lines.Select(l => l.Command));
        Assert.Equal(["alice", "bob", "~bobu", "127.0.0.1", "*", "bob Real"], lines[0].Parameters);
        Assert.Equal(["alice", "bob", "piazza.local"], lines[1].Parameters.Take(3));
        Assert.Equal(["alice", "bob", "End of WHOWAS"], lines[2].Parameters);
    }

    [Fact]
    public async Task A_nick_change_is_remembered_newest_first_and_count_and_globs_apply()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await bob.ChangeNickAsync("bobby");
        await alice.ExpectAsync("NICK");
        await bob.ChangeNickAsync("bob");
        await alice.ExpectAsync("NICK");
        await bob.ChangeNickAsync("rob");
        await alice.ExpectAsync("NICK");

        // bob left "bob" first, then "bobby", then "bob" again: newest first.
        await alice.SendAsync("WHOWAS bob*");
        var all = await alice.SyncAsync();
        Assert.Equal(["bob", "bobby", "bob"], all.Where(l => l.Is("314")).Select(l => l[1]));
        Assert.Equal(["alice", "bob*", "End of WHOWAS"], all[^1].Parameters);

        await alice.SendAsync("WHOWAS bob 1");
        Assert.Equal(["314", "312", "369"], (await alice.SyncAsync()).Select(l => l.Command));
        await alice.SendAsync("WHOWAS bob -1");
        Assert.Equal(["314", "312", "314", "312", "369"], (await alice.SyncAsync()).Select(l => l.Command));
        await alice.SendAsync("WHOWAS bob :not a number");
        Assert.Equal(["314", "312", "314", "312", "369"], (await alice.SyncAsync()).Select(l => l.Command));
    }

    [Fact]
    public async Task An_unknown_nick_gets_406_then_369_and_no_nick_gets_431()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("WHOWAS nobody");
        var none = await alice.SyncAsync();
        Assert.Equal(["406", "369"], none.Select(l => l.Command));
        Assert.Equal(["alice", "nobody", "There was no such nickname"], none[0].Parameters);
        Assert.Equal(["alice", "nobody", "End of WHOWAS"], none[1].Parameters);

        // Someone here now, who never left a nick, is not in the history either.
        await alice.SendAsync("WHOWAS alice");
        Assert.Equal(["406", "369"], (await alice.SyncAsync()).Select(l => l.Command));

        await alice.SendAsync("WHOWAS");
        var missing = await alice.SyncAsync();
        Assert.Equal(["431"], missing.Select(l => l.Command));
        Assert.Equal(["alice", "No nickname given"], missing[0].Parameters);
    }

    [Fact]
    public async Task Hostile_masks_and_lists_are_answered_in_bounds()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("WHOWAS " + string.Concat(Enumerable.Repeat("*a", 150)));
        Assert.Equal(["406", "369"], (await alice.SyncAsync()).Select(l => l.Command));

        // At most four nicks per WHOWAS; each gets its own end.
        await alice.SendAsync("WHOWAS a,b,c,d,e,f,,g");
        var many = await alice.SyncAsync();
        Assert.Equal(["a", "b", "c", "d"], many.Where(l => l.Is("369")).Select(l => l[1]));
        Assert.Equal(8, many.Count);
    }

    [Fact]
    public async Task A_glob_lists_at_most_MaxWhoReplies_entries_newest_first_even_when_asked_for_more()
    {
        await using var server = await TestServer.StartAsync("Irc:MaxWhoReplies=2");
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await bob.ChangeNickAsync("bob2");
        await bob.ChangeNickAsync("bob3");
        await bob.ChangeNickAsync("bob4");

        await alice.SendAsync("WHOWAS bob* 100");
        var lines = await alice.SyncAsync();

        Assert.Equal(["314", "312", "314", "312", "369"], lines.Select(l => l.Command));
        Assert.Equal(["bob3", "bob2"], lines.Where(l => l.Is("314")).Select(l => l[1]));
    }
}
