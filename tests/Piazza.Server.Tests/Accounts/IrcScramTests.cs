using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Core.Accounts;
using Piazza.Server.Operators;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Accounts;

/// <summary>
/// SASL SCRAM-SHA-256 from IRC, end to end (RFC 5802, RFC 7677, https://ircv3.net/specs/extensions/sasl-3.1),
/// with the tests' own client (<see cref="TestScramClient"/>): logins, failures that look alike,
/// the throttle, malformed messages, chunking both ways, and the upgrade of old password hashes.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IrcScramTests
{
    [Fact]
    public async Task Scram_logs_in_during_registration_proves_the_server_and_plain_login_uses_the_same_credential()
    {
        var logs = new CapturedLogs();
        await using var server = await TestServer.StartAsync(services => services.AddSingleton<ILoggerProvider>(logs), [.. AccountSettings.Fast, "Logging:LogLevel:Piazza=Debug"]);
        await RegisterAsync(server, "alice");
        var stored = server.Hub.Accounts.Find("alice")!.PasswordHash;
        Assert.StartsWith("scram-sha-256$1000$", stored, StringComparison.Ordinal);

        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("CAP LS 302");
        var ls = await client.ExpectAsync(l => l.Is("CAP") && l[1] == "LS");
        Assert.Contains("sasl=PLAIN,SCRAM-SHA-256", ls.Last.Split(' '));
        await client.SendAsync("CAP REQ :sasl");
        await client.ExpectAsync("CAP");
        await client.SendAsync("NICK laptop");
        await client.SendAsync("USER laptop 0 * :Alice's laptop");
        await client.SendAsync("AUTHENTICATE SCRAM-SHA-256");
        Assert.Equal(["+"], (await client.ExpectAsync("AUTHENTICATE")).Parameters);

        var scram = new TestScramClient("alice", AccountSettings.Password);
        await SendPayloadAsync(client, scram.ClientFirst);
        var serverFirst = await ReceivePayloadAsync(client);
        await SendPayloadAsync(client, scram.ClientFinal(serverFirst));
        Assert.Equal(1000, scram.ServerFirst.Iterations);
        Assert.Equal(16, scram.ServerFirst.Salt.Length);
        Assert.Equal(scram.ServerFirst.Salt, Convert.FromBase64String(stored.Split('$')[2]));
        Assert.True(scram.IsServerAuthentic(await ReceivePayloadAsync(client)));
        await client.SendAsync("AUTHENTICATE +");
        Assert.Equal(["laptop", "laptop!~laptop@127.0.0.1", "alice", "You are now logged in as alice"], (await client.NextAsync()).Parameters);
        Assert.Equal("903", (await client.NextAsync()).Command);
        await client.SendAsync("CAP END");
        await client.ExpectAsync("001");
        await client.SendAsync("AUTHENTICATE SCRAM-SHA-256");
        Assert.Equal("907", (await client.ExpectAsync(l => l.Command.StartsWith('9'))).Command);

        // One stored credential serves /login (PLAIN's check) too, and is left as it was.
        await using var plain = await server.ConnectAsync("alicia");
        await plain.SendAsync("/login alice " + AccountSettings.Password);
        Assert.Equal("* you are logged in as alice", await plain.NextAsync());
        Assert.Equal(stored, server.Hub.Accounts.Find("alice")!.PasswordHash);

        await logs.WaitForAsync(l => l.EventId.Id == 161 && l.Message.StartsWith("laptop", StringComparison.Ordinal) && l.Message.EndsWith("(SCRAM-SHA-256)", StringComparison.Ordinal));
        await logs.WaitForAsync(l => l.EventId.Id == 161 && l.Message.StartsWith("alicia", StringComparison.Ordinal) && l.Message.EndsWith("(password)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains(AccountSettings.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_account_fail_alike_and_count_towards_the_throttle()
    {
        var clock = new FakeTimeProvider();
        await using var server = await TestServer.StartWithClockAsync(clock, [.. AccountSettings.Fast, "Accounts:FreeLoginFailures=3"]);
        await RegisterAsync(server, "dora");

        await using var guesser = await StartScramAsync(server, "guesser");
        var wrong = new TestScramClient("dora", "guess-one");
        var (wrongFirst, wrongEnd) = await RunAsync(guesser, wrong);
        Assert.Equal("904", wrongEnd.Command);

        var unknown = new TestScramClient("nobody", AccountSettings.Password);
        await guesser.SendAsync("AUTHENTICATE SCRAM-SHA-256");
        await guesser.ExpectAsync("AUTHENTICATE");
        var (unknownFirst, unknownEnd) = await RunAsync(guesser, unknown);
        Assert.Equal("904", unknownEnd.Command);
        Assert.Equal(wrongEnd.Parameters, unknownEnd.Parameters);
        Assert.Equal(Shape(wrongFirst), Shape(unknownFirst));
        Assert.Equal(wrong.ServerFirst.Iterations, unknown.ServerFirst.Iterations);
        Assert.Equal(wrong.ServerFirst.Salt.Length, unknown.ServerFirst.Salt.Length);

        // An unknown account's salt is the same each time, as a real one's is; another name's differs.
        var again = new TestScramClient("NOBODY", "guess-two");
        await guesser.SendAsync("AUTHENTICATE SCRAM-SHA-256");
        await guesser.ExpectAsync("AUTHENTICATE");
        await RunAsync(guesser, again);
        Assert.Equal(unknown.ServerFirst.Salt, again.ServerFirst.Salt);

        // The address has failed three times: its next attempt waits, whatever the password, before any check.
        await guesser.SendAsync("AUTHENTICATE SCRAM-SHA-256");
        await guesser.ExpectAsync("AUTHENTICATE");
        await SendPayloadAsync(guesser, new TestScramClient("dora", AccountSettings.Password).ClientFirst);
        var throttled = await guesser.NextAsync();
        Assert.Equal("904", throttled.Command);
        Assert.Contains("too many failures, try again in", throttled.Last, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromSeconds(1));
        await guesser.SendAsync("AUTHENTICATE SCRAM-SHA-256");
        await guesser.ExpectAsync("AUTHENTICATE");
        var right = new TestScramClient("dora", AccountSettings.Password);
        var (_, final) = await RunAsync(guesser, right);
        Assert.Equal("AUTHENTICATE", final.Command);
        Assert.True(right.IsServerAuthentic(TestScramClient.Decode(final[0])));
        await guesser.SendAsync("AUTHENTICATE +");
        Assert.Equal("dora", (await guesser.ExpectAsync("900"))[2]);
        await guesser.ExpectAsync("903");

        static string Shape(string serverFirst) => string.Join(',', serverFirst.Split(',').Select(f => f[..2]));
    }

    [Fact]
    public async Task Malformed_messages_channel_binding_wrong_nonces_and_aborts_fail_cleanly_and_a_login_still_works_after()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        await RegisterAsync(server, "carol");
        await using var client = await StartScramAsync(server, "tries");

        // Client-first refusals.
        foreach (var first in new[]
        {
            "not*base64!", TestScramClient.Base64("p=tls-unique,,n=carol,r=abc"), TestScramClient.Base64("n,a=mallory,n=carol,r=abc"),
            TestScramClient.Base64("n,,m=ext,n=carol,r=abc"), TestScramClient.Base64("n,,n=carol"), TestScramClient.Base64("garbage"),
            Convert.ToBase64String([(byte)'n', (byte)',', 0xff]), "+",
        })
        {
            await client.SendAsync("AUTHENTICATE " + first);
            Assert.Equal("904", (await client.NextAsync()).Command);
            await client.SendAsync("AUTHENTICATE SCRAM-SHA-256");
            await client.ExpectAsync("AUTHENTICATE");
        }

        // Client-final refusals, after a good client-first.
        foreach (var spoil in new Func<string, string>[]
        {
            final => final.Replace("c=biws", "c=eSws", StringComparison.Ordinal),      // c= of another gs2 header
            final => final.Replace(",r=", ",r=x", StringComparison.Ordinal),           // another nonce
            final => final[..final.IndexOf(",p=", StringComparison.Ordinal)],         // no proof
            final => final[..(final.IndexOf(",p=", StringComparison.Ordinal) + 3)] + "!!", // a proof that is not base64
            final => final[..(final.IndexOf(",p=", StringComparison.Ordinal) + 3)] + "AAAA", // a proof of the wrong length
        })
        {
            var scram = new TestScramClient("carol", AccountSettings.Password);
            await SendPayloadAsync(client, scram.ClientFirst);
            var serverFirst = await ReceivePayloadAsync(client);
            await SendPayloadAsync(client, spoil(scram.ClientFinal(serverFirst)));
            Assert.Equal("904", (await client.NextAsync()).Command);
            await client.SendAsync("AUTHENTICATE SCRAM-SHA-256");
            await client.ExpectAsync("AUTHENTICATE");
        }

        // Anything but "+" after the server's v=; then an abort half way; then a chunk too long.
        var noAck = new TestScramClient("carol", AccountSettings.Password);
        var (_, verifier) = await RunAsync(client, noAck);
        Assert.Equal("AUTHENTICATE", verifier.Command);
        await SendPayloadAsync(client, "more");
        Assert.Equal("904", (await client.NextAsync()).Command);
        await client.SendAsync("AUTHENTICATE SCRAM-SHA-256");
        await client.ExpectAsync("AUTHENTICATE");
        await SendPayloadAsync(client, new TestScramClient("carol", AccountSettings.Password).ClientFirst);
        await ReceivePayloadAsync(client);
        await client.SendAsync("AUTHENTICATE *");
        Assert.Equal("906", (await client.NextAsync()).Command);
        await client.SendAsync("AUTHENTICATE SCRAM-SHA-256");
        await client.ExpectAsync("AUTHENTICATE");
        await client.SendAsync("AUTHENTICATE " + new string('A', 401));
        Assert.Equal("905", (await client.NextAsync()).Command);
        await client.SendAsync("AUTHENTICATE FOO");
        Assert.Equal(["tries", "PLAIN,SCRAM-SHA-256", "are available SASL mechanisms"], (await client.NextAsync()).Parameters);
        Assert.Equal("904", (await client.NextAsync()).Command);

        // y,, (a client that could bind but thinks we cannot) and a=<the user> are fine.
        await client.SendAsync("AUTHENTICATE scram-sha-256");
        await client.ExpectAsync("AUTHENTICATE");
        var good = new TestScramClient("carol", AccountSettings.Password, gs2Header: "y,a=carol,");
        var (_, last) = await RunAsync(client, good);
        Assert.True(good.IsServerAuthentic(TestScramClient.Decode(last[0])));
        await client.SendAsync("AUTHENTICATE +");
        Assert.Equal("carol", (await client.ExpectAsync("900"))[2]);
        await client.ExpectAsync("903");
    }

    [Fact]
    public async Task Long_messages_come_in_400_character_chunks_both_ways_with_a_plus_after_an_exact_fill()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        await RegisterAsync(server, "erin");
        await using var client = await StartScramAsync(server, "chunky");

        // server-first = "r=" nonce(540 + 24) ",s=" salt(24) ",i=1000": 600 bytes, exactly 800 base64 characters.
        var scram = new TestScramClient("erin", AccountSettings.Password, new string('n', 540));
        var payload = TestScramClient.Base64(scram.ClientFirst);
        Assert.InRange(payload.Length, 401, 799);
        await SendPayloadAsync(client, scram.ClientFirst);
        var chunks = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            chunks.Add((await client.ExpectAsync("AUTHENTICATE"))[0]);
        }

        Assert.Equal([400, 400, 1], chunks.Select(c => c.Length));
        Assert.Equal("+", chunks[2]);
        await SendPayloadAsync(client, scram.ClientFinal(TestScramClient.Decode(chunks[0] + chunks[1])));
        Assert.True(scram.IsServerAuthentic(await ReceivePayloadAsync(client)));
        await client.SendAsync("AUTHENTICATE +");
        await client.ExpectAsync("903");
    }

    [Fact]
    public async Task An_old_format_hash_fails_scram_like_a_wrong_password_until_a_plain_login_upgrades_it()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        var legacy = PasswordHash.Hash(AccountSettings.Password, 1000);
        Assert.True(server.Hub.Accounts.TryAdd(new AccountRecord("olduser", legacy, DateTimeOffset.UtcNow)));

        await using var client = await StartScramAsync(server, "olduser");
        var before = new TestScramClient("olduser", AccountSettings.Password);
        var (_, refused) = await RunAsync(client, before);
        Assert.Equal("904", refused.Command);
        Assert.NotEqual(Convert.FromBase64String(legacy.Split('$')[2]), before.ServerFirst.Salt);

        await client.SendAsync("AUTHENTICATE PLAIN");
        await client.ExpectAsync("AUTHENTICATE");
        await client.SendAsync("AUTHENTICATE " + TestScramClient.Base64($"\0olduser\0{AccountSettings.Password}"));
        await client.ExpectAsync("903");

        // A new salt: the old key was SaltedPassword itself, which must not keep working for SCRAM.
        var upgraded = server.Hub.Accounts.Find("olduser")!.PasswordHash;
        Assert.StartsWith("scram-sha-256$1000$", upgraded, StringComparison.Ordinal);
        Assert.NotEqual(legacy.Split('$')[2], upgraded.Split('$')[2]);

        await using var other = await StartScramAsync(server, "laptop");
        var after = new TestScramClient("olduser", AccountSettings.Password);
        var (_, final) = await RunAsync(other, after);
        Assert.True(after.IsServerAuthentic(TestScramClient.Decode(final[0])));
        await other.SendAsync("AUTHENTICATE +");
        Assert.Equal("olduser", (await other.ExpectAsync("900"))[2]);
    }

    private static async Task RegisterAsync(TestServer server, string nick)
    {
        await using var owner = await server.ConnectIrcAsync(nick);
        await owner.SendAsync($"REGISTER * * :{AccountSettings.Password}");
        await owner.ExpectAsync("900");
    }

    /// <summary>A client that asked for sasl, gave NICK and USER, and began AUTHENTICATE SCRAM-SHA-256 (it got its "+").</summary>
    private static async Task<IrcClient> StartScramAsync(TestServer server, string nick)
    {
        var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("CAP REQ :sasl");
        await client.ExpectAsync("CAP");
        await client.SendAsync("NICK " + nick);
        await client.SendAsync($"USER {nick} 0 * :{nick}");
        await client.SendAsync("AUTHENTICATE SCRAM-SHA-256");
        Assert.Equal(["+"], (await client.ExpectAsync("AUTHENTICATE")).Parameters);
        return client;
    }

    /// <summary>client-first, server-first, client-final; then the server's next line (AUTHENTICATE v=… or 904); and the server-first.</summary>
    private static async Task<(string ServerFirst, IrcLine Reply)> RunAsync(IrcClient client, TestScramClient scram)
    {
        await SendPayloadAsync(client, scram.ClientFirst);
        var serverFirst = await ReceivePayloadAsync(client);
        await SendPayloadAsync(client, scram.ClientFinal(serverFirst));
        return (serverFirst, await client.NextAsync());
    }

    /// <summary>A message as AUTHENTICATE lines: base64 in 400-character chunks, "+" after an exact fill.</summary>
    private static async Task SendPayloadAsync(IrcClient client, string message)
    {
        var payload = TestScramClient.Base64(message);
        for (var at = 0; at < payload.Length; at += 400)
        {
            await client.SendAsync(string.Concat("AUTHENTICATE ", payload.AsSpan(at, Math.Min(400, payload.Length - at))));
        }

        if (payload.Length % 400 == 0)
        {
            await client.SendAsync("AUTHENTICATE +");
        }
    }

    /// <summary>The server's next message: AUTHENTICATE chunks until one shorter than 400 (or "+").</summary>
    private static async Task<string> ReceivePayloadAsync(IrcClient client)
    {
        var payload = string.Empty;
        while (true)
        {
            var chunk = (await client.ExpectAsync("AUTHENTICATE"))[0];
            payload += chunk == "+" ? string.Empty : chunk;
            if (chunk.Length < 400)
            {
                return TestScramClient.Decode(payload);
            }
        }
    }
}
