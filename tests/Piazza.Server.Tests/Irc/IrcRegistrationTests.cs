using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>Registration: NICK/USER, CAP negotiation, the welcome burst, and every way it can go wrong.</summary>
[Trait("Category", "Slow")]
public sealed class IrcRegistrationTests
{
    [Fact]
    public async Task Nick_and_user_get_the_welcome_burst_with_a_truthful_isupport_then_lusers_and_motd()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await IrcClient.ConnectAsync(server.IrcEndPoint);

        var burst = await alice.RegisterAsync("alice");

        Assert.Equal(["001", "002", "003", "004"], burst.Take(4).Select(l => l.Command));
        Assert.All(burst, l => Assert.Equal("piazza.local", l.Source));
        Assert.All(burst, l => Assert.Equal("alice", l[0]));
        Assert.EndsWith("alice!~aliceu@127.0.0.1", burst[0].Last, StringComparison.Ordinal);
        Assert.Equal("piazza.local", burst[3][1]);
        var tokens = burst.Where(l => l.Is("005")).SelectMany(l => l.Parameters.Skip(1).SkipLast(1)).ToList();
        Assert.All(burst.Where(l => l.Is("005")), l => Assert.Equal("are supported by this server", l.Last));
        Assert.Superset(
            new HashSet<string>(["CASEMAPPING=ascii", "CHANTYPES=#", "PREFIX=(ov)@+", "CHANMODES=Ibe,k,l,Cimnst", "NICKLEN=30", "CHANNELLEN=50", "TOPICLEN=300", "NETWORK=Piazza"]),
            new HashSet<string>(tokens));
        var afterISupport = burst.SkipWhile(l => !l.Is("005")).SkipWhile(l => l.Is("005")).Select(l => l.Command).ToList();
        Assert.Equal(["251", "252", "254", "255", "265", "266", "375"], afterISupport.Take(7));
        Assert.Equal("376", afterISupport[^1]);
        Assert.Contains(burst, l => l.Is("372") && l.Last.Contains("#lobby", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cap_ls_and_req_hold_registration_until_cap_end()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        await client.SendAsync("CAP LS 302");
        var ls = await client.NextAsync();
        Assert.Equal(["*", "LS"], ls.Parameters.Take(2));
        Assert.Superset(
            new HashSet<string>(["message-tags", "server-time", "echo-message", "batch", "labeled-response", "multi-prefix", "userhost-in-names", "away-notify", "extended-join", "invite-notify", "account-tag", "account-notify", "setname", "standard-replies", "cap-notify"]),
            new HashSet<string>(ls.Last.Split(' ')));
        await client.SendAsync("NICK carla");
        await client.SendAsync("USER carla 0 * :Carla");
        await client.SendAsync("CAP REQ :server-time multi-prefix");
        var ack = await client.NextAsync();
        Assert.Equal(["carla", "ACK", "server-time multi-prefix"], ack.Parameters);
        await client.SendAsync("CAP LIST");
        Assert.Contains("server-time", (await client.NextAsync()).Last.Split(' '));

        var held = await client.SyncAsync();
        Assert.DoesNotContain(held, l => l.Is("001"));

        await client.SendAsync("CAP END");
        Assert.Equal("carla", (await client.NextAsync())[0]);
        await client.ExpectAsync("376");
    }

    [Fact]
    public async Task Cap_req_with_an_unknown_cap_is_refused_whole()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        await client.SendAsync("CAP LS 302");
        await client.ExpectAsync("CAP");
        await client.SendAsync("CAP REQ :server-time no-such-cap");
        var nak = await client.NextAsync();
        Assert.Equal(["*", "NAK", "server-time no-such-cap"], nak.Parameters);
        await client.SendAsync("CAP LIST");
        Assert.DoesNotContain("server-time", (await client.NextAsync()).Last.Split(' '));
        await client.SendAsync("CAP BOGUS");
        Assert.Equal("410", (await client.NextAsync()).Command);

        await client.SendAsync("NICK nak");
        await client.SendAsync("USER nak 0 * :Nak");
        await client.SendAsync("CAP END");
        await client.ExpectAsync("001");
    }

    [Fact]
    public async Task User_with_an_empty_real_name_gets_461_and_registration_waits_for_a_real_one()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        await client.SendAsync("USER u * * :");
        var refused = await client.ExpectAsync("461", allowErrors: true);
        Assert.Equal($":{refused.Source} 461 * USER :Not enough parameters", refused.Raw);

        await client.SendAsync("NICK emptyreal");
        await client.SendAsync("USER u * * :");
        Assert.Equal(["emptyreal", "USER", "Not enough parameters"], (await client.ExpectAsync("461", allowErrors: true)).Parameters);

        await client.SendAsync("USER u * * :Real Name");
        await client.ExpectAsync("001");
    }

    [Fact]
    public async Task A_nick_in_use_is_refused_with_433_ignoring_case_and_another_can_be_tried()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var second = await IrcClient.ConnectAsync(server.IrcEndPoint);

        await second.SendAsync("NICK ALICE");
        await second.SendAsync("USER a 0 * :A");
        var inUse = await second.NextAsync();
        Assert.Equal("433", inUse.Command);
        Assert.Equal(["*", "ALICE"], inUse.Parameters.Take(2));

        await second.SendAsync("NICK alice2");
        await second.ExpectAsync("001");
    }

    [Fact]
    public async Task An_erroneous_nick_gets_432()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        foreach (var nick in new[] { "9lives", "a@b", "#chan", new string('n', 31) })
        {
            await client.SendAsync("NICK " + nick);
            var error = await client.NextAsync();
            Assert.Equal("432", error.Command);
            Assert.Equal(nick, error[1]);
        }

        await client.SendAsync("NICK");
        Assert.Equal("431", (await client.NextAsync()).Command);
    }

    [Fact]
    public async Task Commands_before_registration_get_451_and_user_twice_gets_462()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        await client.SendAsync("JOIN #lobby");
        Assert.Equal("451", (await client.NextAsync()).Command);
        await client.SendAsync("PRIVMSG #lobby :hi");
        Assert.Equal("451", (await client.NextAsync()).Command);
        await client.SendAsync("WHATEVER");
        Assert.Equal("451", (await client.NextAsync()).Command);

        await client.RegisterAsync("early");
        await client.SendAsync("USER again 0 * :Again");
        Assert.Equal("462", (await client.NextAsync()).Command);
        await client.SendAsync("PASS late");
        Assert.Equal("462", (await client.NextAsync()).Command);
    }

    [Fact]
    public async Task With_a_server_password_the_right_pass_registers()
    {
        await using var server = await TestServer.StartAsync("Irc:Password=secret");
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        await client.SendAsync("PASS secret");
        await client.RegisterAsync("trusted");
    }

    [Theory]
    [InlineData("PASS wrong")]
    [InlineData(null)]
    public async Task With_a_server_password_a_wrong_or_missing_pass_gets_464_and_is_closed(string? pass)
    {
        await using var server = await TestServer.StartAsync("Irc:Password=secret");
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        if (pass is not null)
        {
            await client.SendAsync(pass);
        }

        await client.SendAsync("NICK intruder");
        await client.SendAsync("USER intruder 0 * :Intruder");
        var rest = await client.WaitClosedAsync();

        Assert.Equal("464", rest[0].Command);
        Assert.Equal("ERROR", rest[^1].Command);
        Assert.DoesNotContain(rest, l => l.Is("001"));
        await server.WaitAllClosedAsync();
    }

    [Fact]
    public async Task A_client_that_never_completes_registration_is_closed_after_the_timeout()
    {
        await using var server = await TestServer.StartAsync("Irc:RegistrationTimeoutSeconds=1");
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        await client.SendAsync("NICK slowpoke");
        var rest = await client.WaitClosedAsync();

        var error = Assert.Single(rest);
        Assert.Equal("ERROR", error.Command);
        Assert.Contains("registration timed out", error.Last, StringComparison.Ordinal);
        await server.WaitAllClosedAsync();
    }
}
