using Piazza.Client.Irc;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>The session's SASL PLAIN login while registering, against a scripted server: what it sends, and that registration always goes on.</summary>
public sealed partial class IrcClientSessionTests
{
    private const string Password = "correct horse";

    [Fact]
    public async Task With_a_password_and_sasl_offered_the_client_logs_in_before_cap_end()
    {
        await using var test = await ScriptedSession.StartAsync("alice", adjust: s => s with { Password = Password });
        var (session, events, connection) = (test.Session, test.Events, test.Connection);

        Assert.Equal("CAP LS 302", await connection.ReadLineAsync());
        Assert.Equal("PASS :" + Password, await connection.ReadLineAsync());
        await connection.ExpectAsync("USER");
        await connection.SendAsync(":s CAP * LS :server-time sasl=EXTERNAL,PLAIN\r\n");
        Assert.Equal("CAP REQ :server-time sasl", await connection.ReadLineAsync());
        await connection.SendAsync(":s CAP * ACK :server-time sasl\r\n");
        Assert.Equal("AUTHENTICATE PLAIN", await connection.ReadLineAsync());
        await connection.SendAsync("AUTHENTICATE +\r\n");
        Assert.Equal("AUTHENTICATE " + Convert.ToBase64String("\0alice\0correct horse"u8.ToArray()), await connection.ReadLineAsync());
        await connection.SendAsync(":s 900 alice alice!u@h alice :You are now logged in as alice\r\n:s 903 alice :SASL authentication successful\r\n");
        Assert.Equal("CAP END", await connection.ReadLineAsync());
        await connection.SendAsync(":s 001 alice :hi\r\n:s 422 alice :no motd\r\n");

        await session.Registered.WaitAsync(TestServer.Timeout);
        Assert.Equal("alice", session.Account);
        var shown = Drain(events).OfType<ServerTextEvent>().Select(e => e.Text).ToList();
        Assert.Contains("You are logged in as alice.", shown);
        Assert.DoesNotContain(shown, t => t.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_payload_of_exactly_400_characters_is_followed_by_a_plus_and_the_account_option_is_used()
    {
        // "\0carol\0" and 293 characters: 300 bytes, 400 in base64.
        var password = new string('x', 293);
        await using var test = await ScriptedSession.StartAsync("bob", adjust: s => s with { Password = password, Account = "carol" });
        var connection = test.Connection;

        await connection.ExpectAsync("USER");
        await connection.SendAsync(":s CAP * LS :sasl\r\n");
        Assert.Equal("CAP REQ sasl", await connection.ReadLineAsync());
        await connection.SendAsync(":s CAP * ACK sasl\r\n");
        Assert.Equal("AUTHENTICATE PLAIN", await connection.ReadLineAsync());
        await connection.SendAsync(":s AUTHENTICATE +\r\n");

        var chunk = (await connection.ReadLineAsync())!["AUTHENTICATE ".Length..];
        Assert.Equal(400, chunk.Length);
        Assert.Equal("\0carol\0" + password, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(chunk)));
        Assert.Equal("AUTHENTICATE +", await connection.ReadLineAsync());
    }

    [Theory]
    [InlineData(":s 904 alice :SASL authentication failed", "SASL authentication failed")]
    [InlineData(":s 908 alice PLAIN,EXTERNAL :are available SASL mechanisms\r\n:s 904 alice :SASL authentication failed", "PLAIN,EXTERNAL are available SASL mechanisms")]
    [InlineData(":s 906 alice :SASL authentication aborted", "SASL authentication aborted")]
    [InlineData(":s 907 alice :You have already authenticated using SASL", "You have already authenticated using SASL")]
    public async Task A_refused_login_shows_one_line_and_registration_goes_on(string refusal, string reason)
    {
        await using var test = await ScriptedSession.StartAsync("alice", adjust: s => s with { Password = Password });
        var (session, events, connection) = (test.Session, test.Events, test.Connection);

        await connection.ExpectAsync("USER");
        await connection.SendAsync(":s CAP * LS :sasl=PLAIN\r\n");
        await connection.ExpectAsync("CAP REQ");
        await connection.SendAsync(":s CAP * ACK :sasl\r\n");
        await connection.ExpectAsync("AUTHENTICATE PLAIN");
        await connection.SendAsync("AUTHENTICATE +\r\n");
        await connection.ExpectAsync("AUTHENTICATE ");
        await connection.SendAsync(refusal + "\r\n");
        Assert.Equal("CAP END", await connection.ReadLineAsync());
        await connection.SendAsync(":s 001 alice :hi\r\n:s 422 alice :no motd\r\n");

        await session.Registered.WaitAsync(TestServer.Timeout);
        Assert.Null(session.Account);
        var failure = Assert.Single(Drain(events).OfType<ServerTextEvent>(), e => e.IsError);
        Assert.Equal($"Login as alice failed: {reason}; continuing without an account.", failure.Text);
    }

    [Theory]
    [InlineData(":s CAP * LS :server-time sasl=EXTERNAL")]
    [InlineData(":s CAP * LS :server-time")]
    public async Task Without_sasl_plain_on_offer_the_password_is_only_sent_as_pass(string offer)
    {
        await using var test = await ScriptedSession.StartAsync("alice", adjust: s => s with { Password = Password });
        var (session, connection) = (test.Session, test.Connection);

        Assert.Equal("CAP LS 302", await connection.ReadLineAsync());
        Assert.Equal("PASS :" + Password, await connection.ReadLineAsync());
        await connection.ExpectAsync("USER");
        await connection.SendAsync(offer + "\r\n");
        Assert.Equal("CAP REQ server-time", await connection.ReadLineAsync());
        await connection.SendAsync(":s CAP * ACK server-time\r\n");
        Assert.Equal("CAP END", await connection.ReadLineAsync());
        await connection.SendAsync(":s 001 alice :hi\r\n:s 422 alice :no motd\r\n");

        await session.Registered.WaitAsync(TestServer.Timeout);
        Assert.DoesNotContain("sasl", session.Caps);
    }

    [Fact]
    public async Task Without_a_password_sasl_is_not_requested()
    {
        await using var test = await ScriptedSession.StartAsync("alice");
        var connection = test.Connection;

        await connection.ExpectAsync("USER");
        await connection.SendAsync(":s CAP * LS :sasl=PLAIN batch\r\n");

        Assert.Equal("CAP REQ batch", await connection.ReadLineAsync());
    }
}
