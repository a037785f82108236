using System.Text;

using Piazza.Testing;

namespace Piazza.Server.Tests.Accounts;

/// <summary>
/// Accounts from IRC, end to end: SASL PLAIN (https://ircv3.net/specs/extensions/sasl-3.1),
/// REGISTER (https://ircv3.net/specs/extensions/account-registration), and what others see:
/// account-tag, account-notify, extended-join, WHOIS 330, WHOX %a.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IrcAccountTests
{
    [Fact]
    public async Task Register_then_sasl_during_registration_and_others_see_the_account()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        await using (var owner = await server.ConnectIrcAsync("alice", "standard-replies"))
        {
            await owner.SendAsync($"REGISTER * * :{AccountSettings.Password}");
            var success = await owner.ExpectAsync("REGISTER");
            var loggedIn = await owner.ExpectAsync("900");
            Assert.Equal(["SUCCESS", "alice", "Account successfully registered"], success.Parameters);
            Assert.Equal(["alice", "alice!~aliceu@127.0.0.1", "alice", "You are now logged in as alice"], loggedIn.Parameters);
        }

        await using var bob = await server.ConnectIrcAsync("bob", "account-tag", "extended-join", "account-notify");
        await bob.JoinAsync("#dev");

        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("CAP LS 302");
        var ls = await client.ExpectAsync(l => l.Is("CAP") && l[1] == "LS");
        Assert.Contains("sasl=PLAIN,SCRAM-SHA-256", ls.Last.Split(' '));
        Assert.Contains("draft/account-registration=before-connect", ls.Last.Split(' '));
        await client.SendAsync("CAP REQ :sasl");
        await client.ExpectAsync("CAP");
        await client.SendAsync("NICK laptop");
        await client.SendAsync("USER laptop 0 * :Alice's laptop");
        await client.SendAsync("AUTHENTICATE PLAIN");
        Assert.Equal(["+"], (await client.ExpectAsync("AUTHENTICATE")).Parameters);
        await client.SendAsync("AUTHENTICATE " + Plain("alice", "alice", AccountSettings.Password));
        Assert.Equal(["laptop", "laptop!~laptop@127.0.0.1", "alice", "You are now logged in as alice"], (await client.NextAsync()).Parameters);
        Assert.Equal("903", (await client.NextAsync()).Command);
        await client.SendAsync("CAP END");
        await client.ExpectAsync("001");
        await client.ExpectAsync("376");

        await client.SendAsync("JOIN #dev");
        var join = await bob.ExpectAsync("JOIN");
        await client.SendAsync("PRIVMSG #dev :signed");
        var said = await bob.ExpectAsync("PRIVMSG");
        await bob.SendAsync("WHOIS laptop");
        var whois = await bob.ReadUntilAsync(l => l.Is("318"));
        await bob.SendAsync("WHO laptop %na");
        var whox = await bob.ExpectAsync("354");

        Assert.Equal(["#dev", "alice", "Alice's laptop"], join.Parameters);
        Assert.Equal("alice", join.Tags["account"]);
        Assert.Equal("alice", said.Tags["account"]);
        Assert.Equal(["bob", "laptop", "alice", "is logged in as"], whois.Single(l => l.Is("330")).Parameters);
        Assert.Equal(["bob", "laptop", "alice"], whox.Parameters);
    }

    [Fact]
    public async Task A_payload_over_400_bytes_comes_in_chunks_and_one_of_exactly_400_ends_with_a_plus()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        var longPassword = new string('p', 450);
        await using (var owner = await server.ConnectIrcAsync("longpass"))
        {
            await owner.SendAsync($"REGISTER * * :{longPassword}");
            await owner.ExpectAsync("900");
        }

        var payload = Plain(string.Empty, "longpass", longPassword);
        Assert.True(payload.Length > 400);
        await using var chunked = await SaslClientAsync(server, "chunked");
        await chunked.SendAsync("AUTHENTICATE " + payload[..400]);
        await chunked.SendAsync("AUTHENTICATE " + payload[400..]);
        Assert.Equal(["900", "903"], [(await chunked.NextAsync()).Command, (await chunked.NextAsync()).Command]);

        // 300 bytes of PLAIN make exactly 400 characters of base64: a "+" must follow.
        var password = new string('q', 300 - "exact".Length - 2);
        await using (var owner = await server.ConnectIrcAsync("exact"))
        {
            await owner.SendAsync($"REGISTER * * :{password}");
            await owner.ExpectAsync("900");
        }

        var exact = Plain(string.Empty, "exact", password);
        Assert.Equal(400, exact.Length);
        await using var plus = await SaslClientAsync(server, "plus");
        await plus.SendAsync("AUTHENTICATE " + exact);
        await plus.SendAsync("AUTHENTICATE +");
        Assert.Equal(["900", "903"], [(await plus.NextAsync()).Command, (await plus.NextAsync()).Command]);
    }

    [Fact]
    public async Task Wrong_passwords_bad_payloads_aborts_and_unknown_mechanisms_fail_cleanly()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        await using (var owner = await server.ConnectIrcAsync("carol"))
        {
            await owner.SendAsync($"REGISTER * * :{AccountSettings.Password}");
            await owner.ExpectAsync("900");
        }

        await using var client = await SaslClientAsync(server, "tries");
        await client.SendAsync("AUTHENTICATE " + Plain(string.Empty, "carol", "wrong password"));
        Assert.Equal("904", (await client.NextAsync()).Command);
        await client.SendAsync("AUTHENTICATE FOO");
        Assert.Equal(["tries", "PLAIN,SCRAM-SHA-256", "are available SASL mechanisms"], (await client.NextAsync()).Parameters);
        Assert.Equal("904", (await client.NextAsync()).Command);
        await client.SendAsync("AUTHENTICATE PLAIN");
        await client.ExpectAsync("AUTHENTICATE");
        await client.SendAsync("AUTHENTICATE *");
        Assert.Equal("906", (await client.NextAsync()).Command);
        await client.SendAsync("AUTHENTICATE PLAIN");
        await client.ExpectAsync("AUTHENTICATE");
        await client.SendAsync("AUTHENTICATE " + new string('A', 401));
        Assert.Equal("905", (await client.NextAsync()).Command);
        await client.SendAsync("AUTHENTICATE PLAIN");
        await client.ExpectAsync("AUTHENTICATE");
        await client.SendAsync("AUTHENTICATE not*base64!");
        Assert.Equal("904", (await client.NextAsync()).Command);
        await client.SendAsync("AUTHENTICATE PLAIN");
        await client.ExpectAsync("AUTHENTICATE");
        await client.SendAsync("AUTHENTICATE " + Plain("someone-else", "carol", AccountSettings.Password));
        Assert.Equal("904", (await client.NextAsync()).Command);
        await client.SendAsync("AUTHENTICATE PLAIN");
        await client.ExpectAsync("AUTHENTICATE");
        await client.SendAsync("AUTHENTICATE " + Convert.ToBase64String([0, (byte)'c', 0xff, 0, (byte)'x']));
        Assert.Equal("904", (await client.NextAsync()).Command);

        // Endless 400-character chunks end in 904, not in memory held for them.
        await client.SendAsync("AUTHENTICATE PLAIN");
        await client.ExpectAsync("AUTHENTICATE");
        var chunk = new string('A', 400);
        for (var i = 0; i < 16; i++)
        {
            await client.SendAsync("AUTHENTICATE " + chunk);
        }

        Assert.Equal("904", (await client.NextAsync()).Command);

        await client.SendAsync("AUTHENTICATE PLAIN");
        await client.ExpectAsync("AUTHENTICATE");
        await client.SendAsync("AUTHENTICATE " + Plain("carol", "CAROL", AccountSettings.Password));
        Assert.Equal("carol", (await client.ExpectAsync("900"))[2]);
        await client.ExpectAsync("903");
        await client.SendAsync("AUTHENTICATE PLAIN");
        Assert.Equal("907", (await client.NextAsync()).Command);
    }

    [Fact]
    public async Task Register_refuses_what_the_spec_says_with_fail_replies()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        await using var early = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await early.SendAsync("CAP REQ :standard-replies");
        await early.ExpectAsync("CAP");
        await early.SendAsync($"REGISTER * * :{AccountSettings.Password}");
        Assert.Equal(["REGISTER", "NEED_NICK", "*"], (await early.NextAsync()).Parameters.Take(3));

        await early.SendAsync("NICK early");
        await early.SendAsync($"REGISTER other * :{AccountSettings.Password}");
        Assert.Equal(["REGISTER", "ACCOUNT_NAME_MUST_BE_NICK", "other"], (await early.NextAsync()).Parameters.Take(3));
        await early.SendAsync("REGISTER * * :short");
        Assert.Equal(["REGISTER", "WEAK_PASSWORD", "early"], (await early.NextAsync()).Parameters.Take(3));
        await early.SendAsync($"REGISTER early * :{AccountSettings.Password}");
        Assert.Equal(["SUCCESS", "early"], (await early.NextAsync()).Parameters.Take(2));
        Assert.Equal(["early", "early!*@127.0.0.1", "early"], (await early.NextAsync()).Parameters.Take(3));
        await early.SendAsync($"REGISTER * * :{AccountSettings.Password}");
        Assert.Equal(["REGISTER", "ALREADY_AUTHENTICATED"], (await early.NextAsync()).Parameters.Take(2));
        await early.SendAsync("USER early 0 * :Early Bird");
        await early.SendAsync("CAP END");
        await early.ExpectAsync("376");
        await early.SendAsync("NICK earlier");
        await early.ExpectAsync("NICK");

        await using var late = await server.ConnectIrcAsync("EARLY2", "standard-replies");
        await late.ChangeNickAsync("Early");

        // A registered nick taken by someone not logged in to it: they are warned (NickReservationTests).
        Assert.StartsWith("Early is a registered nick", (await late.NextAsync()).Last, StringComparison.Ordinal);
        await late.SendAsync($"REGISTER * * :{AccountSettings.Password}");
        Assert.Equal(["REGISTER", "ACCOUNT_EXISTS", "Early"], (await late.NextAsync()).Parameters.Take(3));
    }

    [Fact]
    public async Task Without_before_connect_register_waits_for_the_connection_and_fail_needs_no_cap()
    {
        await using var server = await TestServer.StartAsync([.. AccountSettings.Fast, "Accounts:RegisterBeforeConnect=false"]);
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("CAP LS 302");
        var ls = await client.ExpectAsync(l => l.Is("CAP") && l[1] == "LS");
        await client.SendAsync("NICK later");
        await client.SendAsync($"REGISTER * * :{AccountSettings.Password}");
        var refused = await client.NextAsync();
        await client.SendAsync("USER later 0 * :Later");
        await client.SendAsync("CAP END");
        await client.ExpectAsync("376");
        await client.SendAsync($"REGISTER * * :{AccountSettings.Password}");
        var registered = await client.ExpectAsync("REGISTER");

        Assert.Contains("draft/account-registration", ls.Last.Split(' '));
        Assert.Equal(["REGISTER", "COMPLETE_CONNECTION_REQUIRED", "*"], refused.Parameters.Take(3));
        Assert.Equal("FAIL", refused.Command);
        Assert.Equal(["SUCCESS", "later"], registered.Parameters.Take(2));
    }

    [Fact]
    public async Task Closed_registration_is_not_offered_and_refused()
    {
        await using var server = await TestServer.StartAsync([.. AccountSettings.Fast, "Accounts:Registration=Closed"]);
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("CAP LS 302");
        var ls = await client.ExpectAsync(l => l.Is("CAP") && l[1] == "LS");
        await client.SendAsync("CAP REQ :standard-replies");
        await client.ExpectAsync("CAP");
        await client.SendAsync("NICK closed");
        await client.SendAsync($"REGISTER * * :{AccountSettings.Password}");

        Assert.DoesNotContain(ls.Last.Split(' '), c => c.StartsWith("draft/account-registration", StringComparison.Ordinal));
        Assert.Contains("sasl=PLAIN,SCRAM-SHA-256", ls.Last.Split(' '));
        Assert.Equal(["REGISTER", "DISALLOWED"], (await client.NextAsync()).Parameters.Take(2));
    }

    [Fact]
    public async Task A_plain_login_and_logout_reach_account_notify_clients_in_a_shared_room()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        await using var bob = await server.ConnectIrcAsync("bob", "account-notify");
        await bob.JoinAsync("#lobby");
        await using var dora = await server.ConnectAsync("dora");
        await bob.ExpectAsync("JOIN");

        await dora.SendAsync("/register " + AccountSettings.Password);
        var loggedIn = await bob.ExpectAsync("ACCOUNT");
        await dora.SendAsync("/logout");
        var loggedOut = await bob.ExpectAsync("ACCOUNT");

        Assert.Equal(":dora!~plain@127.0.0.1 ACCOUNT dora", loggedIn.Raw);
        Assert.Equal(["*"], loggedOut.Parameters);
    }

    private static string Plain(string authzid, string authcid, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{authzid}\0{authcid}\0{password}"));

    /// <summary>A client that asked for sasl, gave NICK and USER, and began AUTHENTICATE PLAIN (it got its "+").</summary>
    private static async Task<IrcClient> SaslClientAsync(TestServer server, string nick)
    {
        var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("CAP REQ :sasl");
        await client.ExpectAsync("CAP");
        await client.SendAsync("NICK " + nick);
        await client.SendAsync($"USER {nick} 0 * :{nick}");
        await client.SendAsync("AUTHENTICATE PLAIN");
        Assert.Equal(["+"], (await client.ExpectAsync("AUTHENTICATE")).Parameters);
        return client;
    }
}
