using Piazza.Server.Tests.Infrastructure;
using Piazza.Server.Tests.Operators;
using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>WHO, WHOIS, ISON, USERHOST, MOTD, VERSION, TIME, LUSERS, KICK, INVITE and SETNAME.</summary>
[Trait("Category", "Slow")]
public sealed class IrcQueryTests
{
    [Fact]
    public async Task Who_lists_a_channels_members_with_their_flags_or_one_nick()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await bob.SendAsync("AWAY :out");
        await bob.NextAsync();

        await alice.SendAsync("WHO #dev");
        var who = await alice.SyncAsync();

        var rows = who.Where(l => l.Is("352")).ToDictionary(l => l[5]);
        Assert.Equal(["alice", "#dev", "~aliceu", "127.0.0.1", "piazza.local", "alice", "H@", "0 alice Real"], rows["alice"].Parameters);
        Assert.Equal("G", rows["bob"][6]);
        Assert.Equal(["alice", "#dev", "End of WHO list"], who[^1].Parameters);

        await alice.SendAsync("WHO bob");
        var one = await alice.SyncAsync();
        Assert.Equal(["352", "315"], one.Select(l => l.Command));
        Assert.Equal("*", one[0][1]);
    }

    [Fact]
    public async Task Who_flags_a_server_operator_with_a_star_after_here_or_gone()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await alice.SendAsync($"OPER {OperatorAccounts.Name} :{OperatorAccounts.Password}");
        await alice.ExpectAsync("381");

        await bob.SendAsync("WHO #dev");
        var rows = (await bob.SyncAsync()).Where(l => l.Is("352")).ToDictionary(l => l[5]);
        Assert.Equal("H*@", rows["alice"][6]);
        Assert.Equal("H", rows["bob"][6]);

        await alice.SendAsync("AWAY :out");
        await alice.NextAsync();
        await bob.SendAsync("WHO alice");
        Assert.Equal("G*", (await bob.ExpectAsync("352"))[6]);
    }

    [Fact]
    public async Task Whois_tells_user_host_real_name_channels_server_away_and_idle()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await alice.SendAsync("AWAY :busy");
        await alice.NextAsync();

        await bob.SendAsync("WHOIS alice");
        var whois = await bob.SyncAsync();

        Assert.Equal(["311", "319", "312", "301", "317", "318"], whois.Select(l => l.Command));
        Assert.Equal(["bob", "alice", "~aliceu", "127.0.0.1", "*", "alice Real"], whois[0].Parameters);
        Assert.Equal("@#dev", whois[1].Last);
        Assert.Equal("busy", whois[3].Last);
        await bob.SendAsync("WHOIS nobody");
        Assert.Equal(["401", "318"], (await bob.SyncAsync()).Select(l => l.Command));
        await bob.SendAsync("WHOIS");
        Assert.Equal("461", (await bob.NextAsync()).Command);
    }

    [Fact]
    public async Task Ison_and_userhost_answer_for_those_present()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await bob.SendAsync("AWAY :away");
        await bob.NextAsync();

        await alice.SendAsync("ISON bob nobody ALICE");
        Assert.Equal(["alice", "bob alice"], (await alice.NextAsync()).Parameters);
        await alice.SendAsync("USERHOST alice bob nobody");
        Assert.Equal(["alice", "alice=+~aliceu@127.0.0.1 bob=-~bobu@127.0.0.1"], (await alice.NextAsync()).Parameters);
    }

    [Fact]
    public async Task Motd_version_time_and_lusers_answer_with_their_numerics()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");

        await alice.SendAsync("MOTD");
        var motd = await alice.SyncAsync();
        Assert.Equal("375", motd[0].Command);
        Assert.Equal("376", motd[^1].Command);
        Assert.All(motd[1..^1], l => Assert.Equal("372", l.Command));

        await alice.SendAsync("VERSION");
        var version = await alice.SyncAsync();
        Assert.Equal("351", version[0].Command);
        Assert.StartsWith("piazza-", version[0][1], StringComparison.Ordinal);
        Assert.Contains(version, l => l.Is("005") && l.Parameters.Contains("CASEMAPPING=ascii"));

        await alice.SendAsync("TIME");
        var time = await alice.NextAsync();
        Assert.Equal(["391", "piazza.local"], [time.Command, time[1]]);
        Assert.Contains(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), time.Last, StringComparison.Ordinal);

        await alice.SendAsync("LUSERS");
        var lusers = await alice.SyncAsync();
        Assert.Equal(["251", "252", "254", "255", "265", "266"], lusers.Select(l => l.Command));
        Assert.Equal("There are 2 users and 0 invisible on 1 servers", lusers[0].Last);
    }

    [Fact]
    public async Task Time_is_the_servers_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 5, 4, 3, 2, 1, TimeSpan.Zero));
        await using var server = await TestServer.StartWithClockAsync(clock, "History:Store=memory");
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("TIME");

        Assert.Equal("2031-05-04 03:02:01 UTC", (await alice.ExpectAsync("391")).Last);
    }

    [Fact]
    public async Task Targmax_for_names_and_kick_matches_the_comma_lists_they_accept()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob, carol) = await server.IrcTrioInAsync("#dev", "alice", "bob", "carol");
        await alice.JoinAsync("#ops");
        await alice.SendAsync("VERSION");
        var targmax = (await alice.SyncAsync()).Where(l => l.Is("005")).SelectMany(l => l.Parameters)
            .Single(p => p.StartsWith("TARGMAX=", StringComparison.Ordinal))["TARGMAX=".Length..]
            .Split(',').Select(e => e.Split(':')).ToDictionary(e => e[0], e => e[1]);
        Assert.Equal(string.Empty, targmax["NAMES"]);
        Assert.Equal(string.Empty, targmax["KICK"]);

        await alice.SendAsync("NAMES #dev,#ops,#none");
        var names = await alice.SyncAsync();
        Assert.Equal(["#dev", "#ops", "#none"], names.Where(l => l.Is("366")).Select(l => l[1]));

        await alice.SendAsync("KICK #dev bob,carol :both");
        var kicks = (await alice.SyncAsync()).Where(l => l.Is("KICK")).ToList();
        Assert.Equal(["bob", "carol"], kicks.Select(l => l[1]));
        await alice.SendAsync("NAMES #dev");
        Assert.Equal("@alice", (await alice.ExpectAsync("353")).Last);
    }

    [Fact]
    public async Task Kick_with_as_many_channels_as_nicks_kicks_them_in_pairs_and_a_mismatch_is_461()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob, carol) = await server.IrcTrioInAsync("#dev", "alice", "bob", "carol");
        await IrcClient.JoinAllAsync("#ops", alice, bob, carol);

        await alice.SendAsync("KICK #dev,#dev bob,carol :bye");
        var kicks = (await alice.SyncAsync()).Where(l => l.Is("KICK")).ToList();
        Assert.Equal(["#dev bob bye", "#dev carol bye"], kicks.Select(l => string.Join(' ', l.Parameters)));

        await alice.SendAsync("KICK #ops,#dev bob,carol,alice");
        Assert.Equal(["alice", "KICK", "Give one channel, or as many channels as nicks"], (await alice.ExpectAsync("461", allowErrors: true)).Parameters);
        await alice.SendAsync("KICK #ops,#nowhere bob,carol");
        Assert.Equal(["#ops", "bob"], (await alice.ExpectAsync("KICK")).Parameters.Take(2));
        Assert.Equal(["alice", "#nowhere"], (await alice.ExpectAsync("403", allowErrors: true)).Parameters.Take(2));
    }

    [Fact]
    public async Task Kick_puts_a_member_out_with_a_reason_and_needs_an_operator()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob, carol) = await server.IrcTrioInAsync("#dev", "alice", "bob", "carol");

        await bob.SendAsync("KICK #dev carol");
        Assert.Equal(["482", "bob", "#dev"], (await bob.NextAsync()).Raw.Split(' ').Skip(1).Take(3));
        await alice.SendAsync("KICK #dev bob :behave");
        Assert.Equal(":alice!~aliceu@127.0.0.1 KICK #dev bob :behave", (await alice.NextAsync()).Raw);
        Assert.Equal(":alice!~aliceu@127.0.0.1 KICK #dev bob :behave", (await bob.NextAsync()).Raw);
        Assert.Equal("KICK", (await carol.NextAsync()).Command);

        await bob.SendAsync("PRIVMSG #dev :let me back");
        Assert.Equal("404", (await bob.NextAsync()).Command);
        await alice.SendAsync("KICK #dev bob");
        Assert.Equal(["441", "alice", "bob", "#dev"], (await alice.NextAsync()).Raw.Split(' ').Skip(1).Take(4));
        await alice.SendAsync("KICK #dev");
        Assert.Equal("461", (await alice.NextAsync()).Command);
    }

    [Fact]
    public async Task Invite_reaches_the_invited_and_with_invite_notify_the_channels_operators()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var opWatcher = await server.ConnectIrcAsync("opwatch", "invite-notify");
        await using var watcher = await server.ConnectIrcAsync("watch", "invite-notify");
        await using var bob = await server.ConnectIrcAsync("bob");
        await IrcClient.JoinAllAsync("#dev", alice, opWatcher, watcher);
        await alice.SendAsync("MODE #dev +o opwatch");
        await alice.ExpectAsync("MODE");
        await watcher.ExpectAsync("MODE");
        await opWatcher.ExpectAsync("MODE");

        await alice.SendAsync("INVITE bob #dev");
        Assert.Equal(["341", "alice", "bob", "#dev"], (await alice.NextAsync()).Raw.Split(' ').Skip(1));
        Assert.Equal(":alice!~aliceu@127.0.0.1 INVITE bob #dev", (await bob.NextAsync()).Raw);
        Assert.Equal(":alice!~aliceu@127.0.0.1 INVITE bob #dev", (await opWatcher.NextAsync()).Raw);
        Assert.DoesNotContain(await watcher.SyncAsync(), l => l.Is("INVITE"));

        await bob.JoinAsync("#dev");
        await alice.SendAsync("INVITE bob #dev");
        Assert.Equal("443", (await alice.ExpectAsync(l => l.Command.StartsWith('4'))).Command);
        await alice.SendAsync("INVITE nobody #dev");
        Assert.Equal("401", (await alice.NextAsync()).Command);
        await alice.SendAsync("INVITE bob #nowhere");
        Assert.Equal("403", (await alice.NextAsync()).Command);
    }

    [Fact]
    public async Task Setname_needs_the_cap_and_then_changes_the_real_name_for_whois_and_peers()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "setname");
        await using var bob = await server.ConnectIrcAsync("bob", "setname");
        await using var carol = await server.ConnectIrcAsync("carol");
        await IrcClient.JoinAllAsync("#dev", alice, bob, carol);

        await carol.SendAsync("SETNAME :Carol New");
        Assert.Equal("421", (await carol.NextAsync()).Command);
        await alice.SendAsync("SETNAME :Alice Liddell");
        Assert.Equal(":alice!~aliceu@127.0.0.1 SETNAME :Alice Liddell", (await alice.NextAsync()).Raw);
        Assert.Equal(":alice!~aliceu@127.0.0.1 SETNAME :Alice Liddell", (await bob.NextAsync()).Raw);
        Assert.DoesNotContain(await carol.SyncAsync(), l => l.Is("SETNAME"));

        await carol.SendAsync("WHOIS alice");
        Assert.Equal("Alice Liddell", (await carol.ExpectAsync("311")).Last);
    }
}
