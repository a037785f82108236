using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>JOIN, PART, QUIT, NICK, TOPIC, NAMES and LIST between IRC clients.</summary>
[Trait("Category", "Slow")]
public sealed class IrcChannelTests
{
    [Fact]
    public async Task Join_echoes_the_join_then_names_with_the_first_joiner_as_operator_and_others_see_it()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");

        var first = await alice.JoinAsync("#dev");
        Assert.Equal(":alice!~aliceu@127.0.0.1 JOIN #dev", first[0].Raw);
        Assert.Equal(["alice", "=", "#dev", "@alice"], Assert.Single(first, l => l.Is("353")).Parameters);

        var second = await bob.JoinAsync("#dev");
        Assert.Equal("JOIN", second[0].Command);
        Assert.Equal(["@alice", "bob"], Assert.Single(second, l => l.Is("353")).Last.Split(' ').Order(StringComparer.Ordinal));
        Assert.Equal(":bob!~bobu@127.0.0.1 JOIN #dev", (await alice.ExpectAsync("JOIN")).Raw);
    }

    [Fact]
    public async Task Join_takes_several_channels_with_keys_in_order_and_refuses_a_bad_key_or_name()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await alice.JoinAsync("#locked");
        await alice.SendAsync("MODE #locked +k sesame");
        await alice.ExpectAsync("MODE");
        await alice.JoinAsync("#open");

        await bob.SendAsync("JOIN #locked,#open,#new sesame");
        var joined = await bob.ReadUntilAsync(l => l.Is("366") && l[1] == "#new");
        Assert.Equal(["#locked", "#open", "#new"], joined.Where(l => l.Is("JOIN")).Select(l => l[0]));

        await bob.SendAsync("JOIN #locked,nohash");
        await bob.SendAsync("PART #locked");
        await bob.SendAsync("JOIN #locked wrong");
        var errors = await bob.SyncAsync();
        Assert.Equal(["403", "PART", "475"], errors.Select(l => l.Command));
        Assert.Equal("nohash", errors[0][1]);
        Assert.Equal("#locked", errors[2][1]);
    }

    [Fact]
    public async Task Join_0_parts_every_channel_and_others_see_the_parts()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await alice.JoinAsync("#a");
        await alice.JoinAsync("#b");
        await bob.JoinAsync("#a");
        await alice.ExpectAsync("JOIN");

        await alice.SendAsync("JOIN 0");
        var parts = await alice.SyncAsync();

        Assert.Equal(["#a", "#b"], parts.Where(l => l.Is("PART")).Select(l => l[0]).Order(StringComparer.Ordinal));
        Assert.Equal(":alice!~aliceu@127.0.0.1 PART #a", (await bob.ExpectAsync("PART")).Raw);
        await alice.SendAsync("WHOIS alice");
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("319"));
    }

    [Fact]
    public async Task Part_with_a_reason_is_seen_by_the_channel_and_errors_name_the_channel()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");

        await bob.SendAsync("PART #dev :off to lunch");
        Assert.Equal(":bob!~bobu@127.0.0.1 PART #dev :off to lunch", (await bob.NextAsync()).Raw);
        Assert.Equal(":bob!~bobu@127.0.0.1 PART #dev :off to lunch", (await alice.ExpectAsync("PART")).Raw);

        await bob.SendAsync("PART #dev");
        Assert.Equal(["bob", "#dev"], (await bob.ExpectAsync("442")).Parameters.Take(2));
        await bob.SendAsync("PART #nowhere");
        Assert.Equal(["bob", "#nowhere"], (await bob.ExpectAsync("403")).Parameters.Take(2));
        await bob.SendAsync("PART");
        Assert.Equal("461", (await bob.NextAsync()).Command);
    }

    [Fact]
    public async Task Quit_closes_with_error_and_the_channel_sees_the_reason()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");

        await bob.SendAsync("QUIT :see you");
        var rest = await bob.WaitClosedAsync();

        Assert.Equal("ERROR", Assert.Single(rest).Command);
        Assert.Equal(":bob!~bobu@127.0.0.1 QUIT :Quit: see you", (await alice.ExpectAsync("QUIT")).Raw);
        await alice.SendAsync("QUIT");
        await alice.WaitClosedAsync();
        await server.WaitAllClosedAsync();
    }

    [Fact]
    public async Task Nick_change_is_echoed_and_seen_once_by_those_who_share_a_channel()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await using var loner = await server.ConnectIrcAsync("loner");
        await alice.JoinAsync("#a");
        await alice.JoinAsync("#b");
        await bob.JoinAsync("#a");
        await bob.JoinAsync("#b");

        await alice.ChangeNickAsync("alicia");

        var seen = await bob.SyncAsync();
        Assert.Equal(":alice!~aliceu@127.0.0.1 NICK alicia", Assert.Single(seen, l => l.Is("NICK")).Raw);
        Assert.DoesNotContain(await loner.SyncAsync(), l => l.Is("NICK"));
        await bob.SendAsync("NICK alicia");
        Assert.Equal("433", (await bob.NextAsync()).Command);
        await alice.ChangeNickAsync("ALICIA");
    }

    [Fact]
    public async Task Topic_is_set_shown_on_join_and_queried_and_plus_t_keeps_it_for_operators()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await alice.JoinAsync("#dev");
        await alice.SendAsync("TOPIC #dev");
        Assert.Equal(["alice", "#dev", "No topic is set"], (await alice.NextAsync()).Parameters);

        await alice.SendAsync("TOPIC #dev :release on friday");
        Assert.Equal(":alice!~aliceu@127.0.0.1 TOPIC #dev :release on friday", (await alice.NextAsync()).Raw);
        var joined = await bob.JoinAsync("#dev");
        Assert.Equal(["bob", "#dev", "release on friday"], Assert.Single(joined, l => l.Is("332")).Parameters);
        Assert.Equal(["bob", "#dev", "alice"], Assert.Single(joined, l => l.Is("333")).Parameters.Take(3));

        await bob.SendAsync("TOPIC #dev :mine now");
        Assert.Equal(["bob", "#dev"], (await bob.ExpectAsync("482")).Parameters.Take(2));
        await bob.SendAsync("TOPIC #elsewhere :x");
        Assert.Equal("403", (await bob.NextAsync()).Command);
        await bob.SendAsync("PART #dev");
        await bob.SendAsync("TOPIC #dev :from outside");
        Assert.Equal("442", (await bob.ExpectAsync(l => l.Command.StartsWith('4'))).Command);
    }

    [Fact]
    public async Task Names_shows_prefixes_with_multi_prefix_and_masks_with_userhost_in_names()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var plainer = await server.ConnectIrcAsync("plainer");
        await using var fancy = await server.ConnectIrcAsync("fancy", "multi-prefix", "userhost-in-names");
        await alice.JoinAsync("#dev");
        await plainer.JoinAsync("#dev");
        await fancy.JoinAsync("#dev");
        await alice.SendAsync("MODE #dev +v alice");
        await alice.ExpectAsync("MODE");

        await plainer.SendAsync("NAMES #dev");
        var names = await plainer.SyncAsync();
        Assert.Equal(["@alice", "fancy", "plainer"], names.Single(l => l.Is("353")).Last.Split(' ').Order(StringComparer.Ordinal));
        Assert.Equal(["plainer", "#dev", "End of /NAMES list"], names.Single(l => l.Is("366")).Parameters);

        await fancy.SendAsync("NAMES #dev");
        var full = await fancy.SyncAsync();
        Assert.Equal(
            ["@+alice!~aliceu@127.0.0.1", "fancy!~fancyu@127.0.0.1", "plainer!~plaineru@127.0.0.1"],
            full.Single(l => l.Is("353")).Last.Split(' ').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Names_without_a_channel_answers_only_end_of_names_with_an_asterisk()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await bob.JoinAsync("#other");

        await alice.SendAsync("NAMES");
        var names = await alice.SyncAsync();

        var end = Assert.Single(names);
        Assert.Equal("366", end.Command);
        Assert.Equal(["alice", "*", "End of /NAMES list"], end.Parameters);

        await alice.SendAsync("NAMES #nowhere,#dev");
        var two = await alice.SyncAsync();
        Assert.Equal(["366", "353", "366"], two.Select(l => l.Command));
        Assert.Equal("#nowhere", two[0][1]);
        Assert.Equal("#dev", two[2][1]);
    }

    [Fact]
    public async Task List_shows_every_room_with_its_count_and_topic()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await alice.SendAsync("TOPIC #dev :code talk");
        await alice.JoinAsync("#ops");

        await bob.SendAsync("LIST");
        var list = await bob.ReadUntilAsync(l => l.Is("323"));

        Assert.Equal("321", list.First(l => !l.Is("TOPIC")).Command);
        var rows = list.Where(l => l.Is("322")).ToDictionary(l => l[1], l => (Count: l[2], Topic: l.Last));
        Assert.Equal(("2", "code talk"), rows["#dev"]);
        Assert.Equal(("1", string.Empty), rows["#ops"]);
        Assert.Equal("0", rows["#lobby"].Count);

        await bob.SendAsync("LIST #ops");
        var one = await bob.ReadUntilAsync(l => l.Is("323"));
        Assert.Equal("#ops", Assert.Single(one, l => l.Is("322"))[1]);
    }
}
