using System.Text;
using System.Threading.Channels;

using Piazza.Client.Irc;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>
/// The IRC session alone, against a scripted server: registration variants, CAP negotiation,
/// and hostile or broken input that must never throw or stall it.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class IrcClientSessionTests
{
    [Fact]
    public async Task A_server_without_CAP_still_registers_the_client()
    {
        await using var test = await ScriptedSession.StartAsync("alice");
        var (session, events, connection, run) = (test.Session, test.Events, test.Connection, test.Run);

        Assert.Equal("CAP LS 302", await connection.ReadLineAsync());
        await connection.SendAsync(":fake.server 421 * CAP :Unknown command\r\n");
        await connection.WelcomeAsync("alice");

        Assert.Equal("alice", await session.Registered.WaitAsync(TestServer.Timeout));
        Assert.Empty(session.Caps);
        await NextAsync<RegisteredEvent>(events);
    }

    [Fact]
    public async Task A_cap_list_over_several_lines_is_read_whole_and_only_wanted_caps_are_requested()
    {
        await using var test = await ScriptedSession.StartAsync("alice");
        var (session, connection, run) = (test.Session, test.Connection, test.Run);

        await connection.ExpectAsync("USER");
        await connection.SendAsync(":s CAP * LS * :sasl=PLAIN away-notify\r\n:s CAP * LS :server-time batch=x znc.in/self-message\r\n");
        Assert.Equal("CAP REQ :server-time batch", await connection.ReadLineAsync());
        await connection.SendAsync(":s CAP * ACK :server-time batch\r\n");
        Assert.Equal("CAP END", await connection.ReadLineAsync());
        await connection.SendAsync(":s 001 alice :hi\r\n:s 376 alice :end\r\n");

        await session.Registered.WaitAsync(TestServer.Timeout);
        Assert.Equal(["batch", "server-time"], session.Caps.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_taken_nick_is_followed_by_the_next_free_one_within_the_servers_nick_length()
    {
        await using var test = await ScriptedSession.StartAsync("verylongnick");
        var (session, connection, run) = (test.Session, test.Connection, test.Run);

        await connection.ExpectAsync("USER");
        await connection.SendAsync(":s 433 * verylongnick :Nickname is already in use\r\n");
        // Before ISUPPORT the nick length is unknown: the number replaces the last letter.
        Assert.Equal("NICK verylongnic2", await connection.ExpectAsync("NICK"));
        await connection.SendAsync(":s 432 * verylongnic2 :Erroneous nickname\r\n");
        Assert.Equal("NICK verylong3", await connection.ExpectAsync("NICK"));
        await connection.SendAsync(":s 001 verylong3 :hi\r\n:s 422 verylong3 :no motd\r\n");

        Assert.Equal("verylong3", await session.Registered.WaitAsync(TestServer.Timeout));
    }

    [Fact]
    public async Task A_nick_the_server_refuses_outright_fails_the_connection_with_the_reason()
    {
        await using var test = await ScriptedSession.StartAsync("bad");
        var (session, connection, run) = (test.Session, test.Connection, test.Run);

        await connection.ExpectAsync("USER");
        await connection.SendAsync(":s 432 * bad :Erroneous nickname\r\n");

        var error = await Assert.ThrowsAsync<ConnectionFailedException>(() => run.WaitAsync(TestServer.Timeout));
        Assert.Contains("refuses the nickname bad", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_the_registration()
    {
        await using var test = await ScriptedSession.StartAsync("alice", adjust: s => s with { RegistrationTimeout = TimeSpan.FromMilliseconds(300) });
        var run = test.Run;

        var error = await Assert.ThrowsAsync<ConnectionFailedException>(() => run.WaitAsync(TestServer.Timeout));
        Assert.Contains("registration timed out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pings_are_answered_and_a_silent_server_is_pinged_then_given_up_on()
    {
        await using var test = await ScriptedSession.StartAsync("alice", welcome: true, adjust: s => s with { IdleTimeout = TimeSpan.FromMilliseconds(400) });
        var (connection, run) = (test.Connection, test.Run);

        await connection.SendAsync("PING :token 1\r\n");
        Assert.Equal("PONG :token 1", await connection.ExpectAsync("PONG"));
        Assert.Equal("PING piazza", await connection.ExpectAsync("PING"));

        Assert.Contains("ping timeout", await run.WaitAsync(TestServer.Timeout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_lines_are_skipped_and_the_next_good_message_still_arrives()
    {
        await using var test = await ScriptedSession.StartAsync("alice", welcome: true);
        var (session, events, connection, run) = (test.Session, test.Events, test.Connection, test.Run);

        byte[][] hostile =
        [
            "\r\n"u8.ToArray(),
            "   \r\n"u8.ToArray(),
            "@\r\n"u8.ToArray(),
            ":only.a.source\r\n"u8.ToArray(),
            "PRIVMSG\r\n"u8.ToArray(),
            "PRIVMSG #lobby\r\n"u8.ToArray(),
            "JOIN\r\nPART\r\nKICK #x\r\nNICK\r\nTOPIC\r\nMODE\r\nBATCH\r\nCAP\r\nCAP * LS\r\n353\r\n366\r\n332\r\n001\r\n"u8.ToArray(),
            ":s 353 alice = #lobby :@ + @+\r\n:s 366 alice #lobby :end\r\n"u8.ToArray(),
            ":x!y@z PRIVMSG #lobby :\u0001\r\n"u8.ToArray(),
            ":x!y@z PRIVMSG #lobby :\u0001ACTION\r\n"u8.ToArray(),
            ":x!y@z PRIVMSG alice :\u0001VERSION\u0001\r\n"u8.ToArray(),
            ":x!y@z PRIVMSG #lobby :bad \xff\xfe utf8 \0 nul\r\n"u8.ToArray(),
            "@time=not-a-time;msgid= :x!y@z PRIVMSG #lobby :odd tags\r\n"u8.ToArray(),
            "BATCH -nothing-open\r\nBATCH +r chathistory\r\n"u8.ToArray(),
            Encoding.ASCII.GetBytes("@" + new string('a', 9000) + " :x!y@z PRIVMSG #lobby :tags too long\r\n"),
            Encoding.ASCII.GetBytes(":x!y@z PRIVMSG #lobby :" + new string('b', 20_000) + "\r\n"),
            Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("PING a ", 2000)) + "\r\n"),
        ];
        foreach (var bytes in hostile)
        {
            await connection.SendAsync(bytes);
        }

        await connection.SendAsync(":bob!b@h PRIVMSG #lobby :still here\r\n");

        var message = await NextAsync<MessageEvent>(events, m => m.Text == "still here");
        Assert.Equal("#lobby", message.Conversation);
        Assert.Equal("bob", message.Sender);
        Assert.False(run.IsCompleted);
        Assert.StartsWith("NOTICE x :\u0001VERSION piazza", await connection.ExpectAsync("NOTICE x"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_vanishes_mid_line_ends_the_run_with_a_reason()
    {
        await using var test = await ScriptedSession.StartAsync("alice", welcome: true);
        var (events, connection, run) = (test.Events, test.Connection, test.Run);

        await connection.SendAsync(":bob!b@h PRIVMSG #lobby :half a li");
        connection.Dispose();

        Assert.Equal("the server closed the connection", await run.WaitAsync(TestServer.Timeout));
        Assert.DoesNotContain(Drain(events), e => e is MessageEvent);
    }

    [Fact]
    public async Task Chathistory_batches_become_one_history_event_with_server_times()
    {
        await using var test = await ScriptedSession.StartAsync("alice", welcome: true);
        var (session, events, connection, run) = (test.Session, test.Events, test.Connection, test.Run);

        await connection.SendAsync(
            ":s BATCH +h1 chathistory #lobby\r\n" +
            "@batch=h1;time=2026-01-02T03:04:05.000Z;msgid=m1 :bob!b@h PRIVMSG #lobby :earlier\r\n" +
            "@batch=h1;time=2026-01-02T03:04:06.000Z;msgid=m2 :bob!b@h PRIVMSG #lobby :\u0001ACTION waved\u0001\r\n" +
            ":s BATCH -h1\r\n");

        var history = await NextAsync<HistoryEvent>(events);
        Assert.Equal("#lobby", history.Conversation);
        Assert.Equal(["earlier", "waved"], history.Messages.Select(m => m.Text));
        Assert.All(history.Messages, m => Assert.True(m.IsHistory));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), history.Messages[0].Time);
        Assert.Equal(MessageKind.Action, history.Messages[1].Kind);
        Assert.Equal("m2", history.Messages[1].MessageId);
    }

    [Fact]
    public async Task History_after_a_message_the_server_no_longer_has_falls_back_to_the_latest()
    {
        await using var test = await ScriptedSession.StartAsync("alice", welcome: true);
        var (session, events, connection, run) = (test.Session, test.Events, test.Connection, test.Run);

        await connection.SendAsync(":s FAIL CHATHISTORY INVALID_MSGREFTOKEN AFTER #lobby :#lobby has no message m9\r\n");

        Assert.Equal("CHATHISTORY LATEST #lobby * 1", await connection.ExpectAsync("CHATHISTORY"));
        Assert.DoesNotContain(Drain(events), e => e is ServerTextEvent { IsError: true });
    }

    [Theory]
    [InlineData("alice", 2, 30, "alice2")]
    [InlineData("alice", 12, 30, "alice12")]
    [InlineData("ninechars", 2, 9, "ninechar2")]
    [InlineData("a", 10, 2, "a10")]
    public void Next_nick_appends_the_attempt_and_cuts_to_fit(string wanted, int attempt, int max, string expected) =>
        Assert.Equal(expected, IrcClientSession.NextNick(wanted, attempt, max));


    private static async Task<T> NextAsync<T>(Channel<ClientEvent> events, Func<T, bool>? match = null)
        where T : ClientEvent
    {
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        await foreach (var e in events.Reader.ReadAllAsync(timeout.Token))
        {
            if (e is T wanted && (match is null || match(wanted)))
            {
                return wanted;
            }
        }

        throw new InvalidOperationException("The session ended without the event.");
    }

    private static List<ClientEvent> Drain(Channel<ClientEvent> events)
    {
        var all = new List<ClientEvent>();
        while (events.Reader.TryRead(out var e))
        {
            all.Add(e);
        }

        return all;
    }
}
