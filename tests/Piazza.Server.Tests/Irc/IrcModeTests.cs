using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>Channel modes +o +v +t +n +m +i +k +l +b, their errors, and the user mode +i.</summary>
[Trait("Category", "Slow")]
public sealed class IrcModeTests
{
    [Fact]
    public async Task Mode_query_shows_a_new_channels_modes_and_creation_time()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#dev");

        await alice.SendAsync("MODE #dev");
        var modes = await alice.SyncAsync();

        Assert.Equal(["324", "329"], modes.Select(l => l.Command));
        Assert.Equal(["alice", "#dev", "+nt"], modes[0].Parameters);
        Assert.True(long.Parse(modes[1][2], System.Globalization.CultureInfo.InvariantCulture) > 1_600_000_000);
    }

    [Fact]
    public async Task Op_and_voice_are_given_seen_by_the_channel_and_shown_in_names()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob, carol) = await server.IrcTrioInAsync("#dev", "alice", "bob", "carol");

        await alice.SendAsync("MODE #dev +ov bob carol");
        Assert.Equal(":alice!~aliceu@127.0.0.1 MODE #dev +ov bob carol", (await alice.NextAsync()).Raw);
        Assert.Equal(":alice!~aliceu@127.0.0.1 MODE #dev +ov bob carol", (await carol.ExpectAsync("MODE")).Raw);
        await bob.ExpectAsync("MODE");

        await bob.SendAsync("NAMES #dev");
        Assert.Equal(["+carol", "@alice", "@bob"], (await bob.ExpectAsync("353")).Last.Split(' ').Order(StringComparer.Ordinal));
        await bob.SendAsync("MODE #dev -o alice");
        Assert.Equal("MODE #dev -o alice", (await alice.ExpectAsync("MODE")).Raw.Split(' ', 2)[1]);
        await alice.SendAsync("MODE #dev +v alice");
        Assert.Equal(["482", "alice", "#dev"], (await alice.NextAsync()).Raw.Split(' ').Skip(1).Take(3));
    }

    [Fact]
    public async Task Mode_errors_482_for_a_non_operator_441_for_someone_not_there_472_for_an_unknown_letter()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob, carol) = await server.IrcTrioInAsync("#dev", "alice", "bob", "carol");
        await using var outsider = await server.ConnectIrcAsync("outsider");

        await bob.SendAsync("MODE #dev +o bob");
        var denied = await bob.NextAsync();
        Assert.Equal("482", denied.Command);
        Assert.Equal(["bob", "#dev"], denied.Parameters.Take(2));
        await alice.SendAsync("MODE #dev +o outsider");
        await alice.SendAsync("MODE #dev +z");
        await alice.SendAsync("MODE #dev +o ghost");
        await alice.SendAsync("MODE #nowhere +o bob");
        var errors = await alice.SyncAsync();

        Assert.Equal(["441", "472", "401", "403"], errors.Select(l => l.Command));
        Assert.Equal(["alice", "outsider", "#dev"], errors[0].Parameters.Take(3));
        Assert.Equal("z", errors[1][1]);
    }

    [Fact]
    public async Task Moderated_lets_only_voiced_and_operators_speak()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob, carol) = await server.IrcTrioInAsync("#dev", "alice", "bob", "carol");
        await alice.SendAsync("MODE #dev +mv carol");
        await bob.ExpectAsync("MODE");

        await bob.SendAsync("PRIVMSG #dev :can I talk?");
        var refused = await bob.NextAsync();
        Assert.Equal("404", refused.Command);
        Assert.Equal(["bob", "#dev"], refused.Parameters.Take(2));
        await carol.SendAsync("PRIVMSG #dev :voiced");
        await alice.SendAsync("PRIVMSG #dev :op");

        Assert.DoesNotContain(await carol.SyncAsync(), l => l.Is("404"));
        await alice.SyncAsync();
        var seen = (await bob.SyncAsync()).Where(l => l.Is("PRIVMSG")).Select(l => l.Last);
        Assert.Equal(["op", "voiced"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task No_outside_messages_and_topic_lock_can_be_lifted()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await using var outsider = await server.ConnectIrcAsync("outsider");

        await outsider.SendAsync("PRIVMSG #dev :knock");
        Assert.Equal("404", (await outsider.NextAsync()).Command);
        await bob.SendAsync("TOPIC #dev :bob's topic");
        Assert.Equal("482", (await bob.ExpectAsync(l => l.Command.Length == 3 && char.IsAsciiDigit(l.Command[0]))).Command);

        await alice.SendAsync("MODE #dev -nt");
        await bob.ExpectAsync(l => l.Is("MODE") && l[1] == "-nt");
        await outsider.SendAsync("PRIVMSG #dev :knock knock");
        Assert.Equal("knock knock", (await bob.ExpectAsync("PRIVMSG")).Last);
        await bob.SendAsync("TOPIC #dev :bob's topic");
        Assert.Equal("bob's topic", (await alice.ExpectAsync("TOPIC")).Last);
    }

    [Fact]
    public async Task Invite_only_refuses_with_473_until_an_operator_invites()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await alice.JoinAsync("#vip");
        await alice.SendAsync("MODE #vip +i");
        await alice.ExpectAsync("MODE");

        await bob.SendAsync("JOIN #vip");
        var refused = await bob.NextAsync();
        Assert.Equal("473", refused.Command);
        Assert.Equal(["bob", "#vip"], refused.Parameters.Take(2));
        await alice.SendAsync("INVITE bob #vip");
        Assert.Equal(["alice", "bob", "#vip"], (await alice.NextAsync()).Parameters);
        Assert.Equal(":alice!~aliceu@127.0.0.1 INVITE bob #vip", (await bob.NextAsync()).Raw);

        await bob.JoinAsync("#vip");
    }

    [Fact]
    public async Task Key_refuses_with_475_until_given_shows_to_members_only_and_can_be_removed()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await alice.JoinAsync("#safe");
        await alice.SendAsync("MODE #safe +k sesame");
        Assert.Equal("MODE #safe +k sesame", (await alice.NextAsync()).Raw.Split(' ', 2)[1]);

        await bob.SendAsync("JOIN #safe");
        Assert.Equal("475", (await bob.NextAsync()).Command);
        await bob.SendAsync("MODE #safe");
        Assert.Equal(["bob", "#safe", "+knt", "*"], (await bob.NextAsync()).Parameters);
        await alice.SendAsync("MODE #safe");
        Assert.Equal(["alice", "#safe", "+knt", "sesame"], (await alice.NextAsync()).Parameters);

        await bob.JoinAsync("#safe", "sesame");
        await alice.SendAsync("MODE #safe -k *");
        Assert.Equal(":alice!~aliceu@127.0.0.1 MODE #safe -k *", (await bob.ExpectAsync("MODE")).Raw);
    }

    [Fact]
    public async Task An_over_long_key_gets_696_with_star_for_the_parameter_and_no_key_is_set()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#safe");
        var longKey = new string('x', 400);

        await alice.SendAsync($"MODE #safe +k {longKey}");
        var refused = await alice.NextAsync();
        Assert.Equal($":{refused.Source} 696 alice #safe k * :Invalid mode parameter", refused.Raw);
        Assert.DoesNotContain("xxxx", refused.Raw, StringComparison.Ordinal);

        await alice.SendAsync("MODE #safe");
        Assert.Equal(["alice", "#safe", "+nt"], (await alice.NextAsync()).Parameters);
    }

    [Fact]
    public async Task Limit_refuses_with_471_when_full_and_can_be_lifted()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await using var carol = await server.ConnectIrcAsync("carol");
        await alice.JoinAsync("#small");
        await alice.SendAsync("MODE #small +l 2");
        Assert.Equal("MODE #small +l 2", (await alice.NextAsync()).Raw.Split(' ', 2)[1]);
        await bob.JoinAsync("#small");

        await carol.SendAsync("JOIN #small");
        var full = await carol.NextAsync();
        Assert.Equal("471", full.Command);
        Assert.Equal(["carol", "#small"], full.Parameters.Take(2));
        await alice.SendAsync("MODE #small +l x");
        Assert.Equal("696", (await alice.ExpectAsync(l => l.Command != "JOIN")).Command);

        await alice.SendAsync("MODE #small -l");
        await alice.ExpectAsync("MODE");
        await carol.JoinAsync("#small");
    }

    [Fact]
    public async Task Ban_refuses_with_474_silences_a_banned_member_and_lists_the_bans()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob, carol) = await server.IrcTrioInAsync("#dev", "alice", "bob", "carol");
        await using var dave = await server.ConnectIrcAsync("dave");

        await alice.SendAsync("MODE #dev +bb dave carol!*@*");
        Assert.Equal("MODE #dev +bb dave!*@* carol!*@*", (await alice.NextAsync()).Raw.Split(' ', 2)[1]);
        await dave.SendAsync("JOIN #dev");
        var banned = await dave.NextAsync();
        Assert.Equal("474", banned.Command);
        Assert.Equal(["dave", "#dev"], banned.Parameters.Take(2));
        await carol.SendAsync("PRIVMSG #dev :still here");
        Assert.Equal("404", (await carol.ExpectAsync(l => l.Command.StartsWith('4'))).Command);

        await alice.SendAsync("MODE #dev +b");
        var bans = await alice.SyncAsync();
        Assert.Equal(["367", "367", "368"], bans.Select(l => l.Command));
        Assert.Equal(["alice", "#dev", "dave!*@*", "alice"], bans[0].Parameters.Take(4));

        await alice.SendAsync("MODE #dev -b dave!*@*");
        await alice.NextAsync();
        await dave.JoinAsync("#dev");
    }

    [Fact]
    public async Task A_ban_mask_is_completed_with_stars_and_a_bad_one_gets_696()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#dev");

        // Each missing or empty part is "*" (docs/protocol-irc.md, "Ban masks"): "bob!" is not "bob!@*".
        await alice.SendAsync("MODE #dev +bb bob! *@10.0.0.1");
        Assert.Equal("MODE #dev +bb bob!*@* *!*@10.0.0.1", (await alice.NextAsync()).Raw.Split(' ', 2)[1]);

        await alice.SendAsync("MODE #dev +b a@b!c");
        var refused = await alice.NextAsync();
        Assert.Equal("696", refused.Command);
        Assert.Equal(["alice", "#dev", "b", "a@b!c"], refused.Parameters.Take(4));

        await alice.SendAsync("MODE #dev -b BOB");
        Assert.Equal("MODE #dev -b BOB!*@*", (await alice.NextAsync()).Raw.Split(' ', 2)[1]);
    }

    [Fact]
    public async Task User_mode_i_is_set_on_oneself_only()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");

        await alice.SendAsync("MODE alice +i");
        Assert.Equal(":alice MODE alice +i", (await alice.NextAsync()).Raw);
        await alice.SendAsync("MODE alice");
        Assert.Equal(["alice", "+i"], (await alice.NextAsync()).Parameters);
        await alice.SendAsync("MODE bob +i");
        Assert.Equal("502", (await alice.NextAsync()).Command);
        await alice.SendAsync("MODE alice +x");
        Assert.Equal("501", (await alice.NextAsync()).Command);
        await alice.SendAsync("MODE alice -i");
        Assert.Equal(":alice MODE alice -i", (await alice.NextAsync()).Raw);
    }
}
