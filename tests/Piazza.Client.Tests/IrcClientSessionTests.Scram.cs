using System.Text;

using Piazza.Client.Irc;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Protocol.Sasl;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>The session's SASL SCRAM-SHA-256 login, against a scripted server that checks the proof and proves itself (or fails to).</summary>
public sealed partial class IrcClientSessionTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task With_scram_offered_the_client_sends_a_proof_not_the_password_and_checks_the_servers_signature(bool honestServer)
    {
        await using var test = await ScriptedSession.StartAsync("alice", adjust: s => s with { Password = Password });
        var (session, events, connection) = (test.Session, test.Events, test.Connection);
        await connection.ExpectAsync("USER");
        await connection.SendAsync(":s CAP * LS :sasl=PLAIN,SCRAM-SHA-256\r\n");
        Assert.Equal("CAP REQ sasl", await connection.ReadLineAsync());
        await connection.SendAsync(":s CAP * ACK sasl\r\n");
        Assert.Equal("AUTHENTICATE SCRAM-SHA-256", await connection.ReadLineAsync());
        await connection.SendAsync("AUTHENTICATE +\r\n");

        var clientFirst = Decode(await connection.ReadLineAsync());
        Assert.Equal(ScramError.None, ScramMessages.TryParseClientFirst(clientFirst, out var first));
        Assert.Equal(("n,,", "alice"), (first!.Gs2Header, first.UserName));
        var salt = Encoding.ASCII.GetBytes("sixteen byte salt");
        var serverFirst = ScramMessages.ServerFirst(first.Nonce + "server", salt, 1000);
        await connection.SendAsync($"AUTHENTICATE {Convert.ToBase64String(Encoding.UTF8.GetBytes(serverFirst))}\r\n");

        var clientFinal = Decode(await connection.ReadLineAsync());
        Assert.DoesNotContain(Password, clientFinal, StringComparison.Ordinal);
        Assert.Equal(ScramError.None, ScramMessages.TryParseClientFinal(clientFinal, out var final));
        var salted = ScramSha256.SaltedPassword(Password, salt, 1000);
        var authMessage = ScramSha256.AuthMessage(first.Bare, serverFirst, final!.WithoutProof);
        Assert.True(ScramSha256.VerifyProof(ScramSha256.StoredKey(ScramSha256.ClientKey(salted)), authMessage, final.Proof));

        var serverKey = honestServer ? ScramSha256.ServerKey(salted) : new byte[32];
        var serverFinal = ScramMessages.ServerFinal(ScramSha256.ServerSignature(serverKey, authMessage));
        await connection.SendAsync($"AUTHENTICATE {Convert.ToBase64String(Encoding.UTF8.GetBytes(serverFinal))}\r\n");
        if (honestServer)
        {
            Assert.Equal("AUTHENTICATE +", await connection.ReadLineAsync());
            await connection.SendAsync(":s 900 alice alice!u@h alice :You are now logged in as alice\r\n:s 903 alice :SASL authentication successful\r\n");
            Assert.Equal("CAP END", await connection.ReadLineAsync());
        }
        else
        {
            Assert.Equal("AUTHENTICATE *", await connection.ReadLineAsync());
            Assert.Equal("CAP END", await connection.ReadLineAsync());
            await connection.SendAsync(":s 906 alice :SASL authentication aborted\r\n");
        }

        await connection.SendAsync(":s 001 alice :hi\r\n:s 422 alice :no motd\r\n");
        await session.Registered.WaitAsync(TestServer.Timeout);
        var shown = Drain(events).OfType<ServerTextEvent>().Select(e => e.Text).ToList();
        Assert.DoesNotContain(shown, t => t.Contains(Password, StringComparison.Ordinal));
        if (honestServer)
        {
            Assert.Equal("alice", session.Account);
            Assert.Contains("You are logged in as alice.", shown);
        }
        else
        {
            Assert.Null(session.Account);
            Assert.Equal(
                ["Login as alice failed: the server could not prove it knows the account's password; continuing without an account."],
                shown.Where(t => t.StartsWith("Login", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task A_scram_refusal_is_tried_once_more_with_plain_for_an_account_from_before_scram()
    {
        await using var test = await ScriptedSession.StartAsync("alice", adjust: s => s with { Password = Password });
        var connection = test.Connection;
        await connection.ExpectAsync("USER");
        await connection.SendAsync(":s CAP * LS :sasl=PLAIN,SCRAM-SHA-256\r\n");
        await connection.ReadLineAsync();
        await connection.SendAsync(":s CAP * ACK sasl\r\n");
        Assert.Equal("AUTHENTICATE SCRAM-SHA-256", await connection.ReadLineAsync());
        await connection.SendAsync("AUTHENTICATE +\r\n");
        await connection.ReadLineAsync();
        await connection.SendAsync(":s 904 alice :SASL authentication failed\r\n");

        Assert.Equal("AUTHENTICATE PLAIN", await connection.ReadLineAsync());
        await connection.SendAsync("AUTHENTICATE +\r\n");
        Assert.Equal("AUTHENTICATE " + Convert.ToBase64String("\0alice\0correct horse"u8.ToArray()), await connection.ReadLineAsync());
        await connection.SendAsync(":s 904 alice :SASL authentication failed\r\n");
        Assert.Equal("CAP END", await connection.ReadLineAsync());
    }

    private static string Decode(string? line) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(line!["AUTHENTICATE ".Length..]));
}
