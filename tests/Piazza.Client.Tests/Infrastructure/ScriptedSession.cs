using System.Threading.Channels;

using Piazza.Client.Irc;
using Piazza.Testing;

namespace Piazza.Client.Tests.Infrastructure;

/// <summary>
/// An <see cref="IrcClientSession"/> connected to a <see cref="FakeIrcServer"/>: the session's
/// events are recorded and the test plays the server. Disposing aborts the session and waits for it.
/// </summary>
internal sealed class ScriptedSession : IAsyncDisposable
{
    private readonly FakeIrcServer _server;

    private ScriptedSession(FakeIrcServer server, IrcClientSession session, Task<string> run, FakeIrcServer.Connection connection, Channel<ClientEvent> events)
    {
        _server = server;
        Session = session;
        Run = run;
        Connection = connection;
        Events = events;
    }

    public IrcClientSession Session { get; }

    /// <summary>The session's run: its reason for ending, or its failure.</summary>
    public Task<string> Run { get; }

    /// <summary>The server's side of the connection.</summary>
    public FakeIrcServer.Connection Connection { get; }

    /// <summary>Every event the session raised, in order.</summary>
    public Channel<ClientEvent> Events { get; }

    /// <summary>Starts a session as <paramref name="nick"/>; with <paramref name="welcome"/>, registers it (no CAP, no MOTD).</summary>
    public static async Task<ScriptedSession> StartAsync(string nick, bool welcome = false, Func<SessionSettings, SessionSettings>? adjust = null)
    {
        var server = new FakeIrcServer();
        var settings = new SessionSettings
        {
            Host = server.EndPoint.Address.ToString(),
            Port = server.EndPoint.Port,
            Nick = nick,
        };
        var events = Channel.CreateUnbounded<ClientEvent>();
        var session = new IrcClientSession(adjust?.Invoke(settings) ?? settings, e => events.Writer.TryWrite(e));
        var run = session.RunAsync(CancellationToken.None);
        var connection = await server.AcceptAsync();
        if (welcome)
        {
            await connection.WelcomeAsync(nick);
        }

        return new ScriptedSession(server, session, run, connection, events);
    }

    public async ValueTask DisposeAsync()
    {
        Session.Abort();
        try
        {
            await Run.WaitAsync(TestServer.Timeout);
        }
        catch (ConnectionFailedException)
        {
            // The test expected the failure, or does not care how the session ended.
        }

        await Session.DisposeAsync();
        Connection.Dispose();
        await _server.DisposeAsync();
    }
}
