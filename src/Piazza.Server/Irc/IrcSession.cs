using System.Buffers;

using Microsoft.AspNetCore.Connections;

using Piazza.Core;
using Piazza.Core.History;
using Piazza.Protocol.Irc;
using Piazza.Server.Operators;
using Piazza.Server.Sessions;

namespace Piazza.Server.Irc;

/// <summary>
/// One IRC client (docs/protocol-irc.md), from registration to QUIT. Commands run on the read
/// loop through <see cref="IrcCommandTable"/>, which checks registration and parameter counts
/// once for all; the handlers live in partial files by concern.
/// </summary>
internal sealed partial class IrcSession : LineSession
{
    private readonly IrcOptions _irc;
    private readonly HistoryOptions _history;
    private readonly OperatorAuthenticator _operators;
    private readonly ITimer _timer;
    private readonly long _connectedAt = Environment.TickCount64;
    private IrcCaps _caps;
    private long _lastActivity = Environment.TickCount64;
    private long _pingSentAt;

    public IrcSession(ConnectionContext connection, ChatHub hub, IrcOptions irc, HistoryOptions history, OperatorAuthenticator operators, ILogger logger, string address, string host)
        : base(connection, hub, logger, address, host, IrcParser.MaxLineBytes)
    {
        _irc = irc;
        _history = history;
        _operators = operators;
        var tick = TimeSpan.FromMilliseconds(Math.Max(250, Math.Min(
            Math.Min(irc.RegistrationTimeoutSeconds, irc.PingIntervalSeconds), irc.PingTimeoutSeconds) * 1000 / 2));
        _timer = TimeProvider.System.CreateTimer(static s => ((IrcSession)s!).OnTimer(), this, tick, tick);
    }

    /// <summary>The nick to address replies to: the registered one, else what NICK gave, else "*".</summary>
    private string Nick => Joined?.Nick ?? _pendingNick ?? "*";

    private string ServerName => _irc.ServerName;

    private IrcTagMode TagMode => _caps.HasFlag(IrcCaps.MessageTags) ? IrcTagMode.Full
        : _caps.HasFlag(IrcCaps.ServerTime) ? IrcTagMode.Time : IrcTagMode.None;

    /// <inheritdoc/>
    public override void Deliver(ChatEvent chatEvent)
    {
        switch (chatEvent.Kind)
        {
            case ChatEventKind.TagMessage when !_caps.HasFlag(IrcCaps.MessageTags):
            case ChatEventKind.Away when !_caps.HasFlag(IrcCaps.AwayNotify):
            case ChatEventKind.RealNameChange when !_caps.HasFlag(IrcCaps.SetName):
                return;
            case ChatEventKind.Invite when !ReferenceEquals(chatEvent.Target?.Sink, this)
                && !(_caps.HasFlag(IrcCaps.InviteNotify) && Joined is { } me && chatEvent.Room!.IsOperator(me)):
                return;
            case ChatEventKind.RealNameChange:
                Send(IrcWriter.Format(IrcEventEncoder.TagsFor(chatEvent, TagMode), IrcEventEncoder.SourceOf(chatEvent), "SETNAME", [chatEvent.Text], trailing: true));
                return;
        }

        var extendedJoin = chatEvent.Kind == ChatEventKind.Join && _caps.HasFlag(IrcCaps.ExtendedJoin);
        var encoded = chatEvent.EncodedFor(IrcEventEncoder.For(TagMode, extendedJoin));
        if (chatEvent.Kind == ChatEventKind.Join && _caps.HasFlag(IrcCaps.AwayNotify) && chatEvent.Source.Away is { } away)
        {
            // One enqueue, so no other event lands between the JOIN and its AWAY.
            encoded = [.. encoded, .. AwayOnJoin(chatEvent, away)];
        }

        Send(encoded);
    }

    /// <summary>
    /// <c>[@time=…] :nick!user@host AWAY :message</c>, right after the JOIN of someone away, for
    /// away-notify clients (https://ircv3.net/specs/extensions/away-notify). It carries the join's
    /// time but no msgid: a msgid names one message, and the JOIN has it.
    /// </summary>
    private byte[] AwayOnJoin(ChatEvent joined, string away) =>
        IrcWriter.Format(IrcEventEncoder.TagsFor(joined, TagMode == IrcTagMode.None ? IrcTagMode.None : IrcTagMode.Time), IrcEventEncoder.SourceOf(joined), "AWAY", [away], trailing: true);

    /// <inheritdoc/>
    protected override ValueTask OnConnectedAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    protected override ValueTask<string?> HandleLineAsync(ReadOnlySequence<byte> line) => HandleLine(line);

    private ValueTask<string?> HandleLine(in ReadOnlySequence<byte> line)
    {
        Volatile.Write(ref _lastActivity, Environment.TickCount64);
        Volatile.Write(ref _pingSentAt, 0);
        var bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        var status = IrcParser.TryParse(bytes, out var message);
        switch (status)
        {
            case IrcParseStatus.Empty:
                return default;
            case IrcParseStatus.LineTooLong or IrcParseStatus.TagsTooLong:
                OnLineTooLong();
                return default;
            case IrcParseStatus.NoCommand:
                return default;
            case IrcParseStatus.InvalidUtf8:
                Fail(message!.Command, "INVALID_UTF8", "Message rejected, your message was not valid UTF-8");
                return default;
        }

        return IrcCommandTable.DispatchAsync(this, message!);
    }

    /// <inheritdoc/>
    protected override void OnLineTooLong() => Numeric(IrcNumerics.ErrInputTooLong, "Input line was too long");

    /// <inheritdoc/>
    protected override void SendGoodbye(string reason) => SendError($"Closing Link: {Host} ({reason})");

    /// <inheritdoc/>
    protected override void OnClosed() => _timer.Dispose();

    /// <summary>Registration timeout before registering; after it, PING an idle client and drop one that does not answer.</summary>
    private void OnTimer()
    {
        var now = Environment.TickCount64;
        if (Joined is null)
        {
            if (now - _connectedAt > _irc.RegistrationTimeoutSeconds * 1000L)
            {
                SendError("Closing Link: registration timed out");
                Stop("registration timed out");
            }

            return;
        }

        var pingSentAt = Volatile.Read(ref _pingSentAt);
        if (pingSentAt != 0)
        {
            if (now - pingSentAt > _irc.PingTimeoutSeconds * 1000L)
            {
                var seconds = (now - Volatile.Read(ref _lastActivity)) / 1000;
                SendError($"Closing Link: {Host} (Ping timeout: {seconds} seconds)");
                Stop($"Ping timeout: {seconds} seconds");
            }
        }
        else if (now - Volatile.Read(ref _lastActivity) > _irc.PingIntervalSeconds * 1000L)
        {
            Volatile.Write(ref _pingSentAt, now);
            Send(IrcWriter.Format(null, null, "PING", [ServerName]));
        }
    }

    /// <summary>Queues <c>ERROR :text</c>, the last thing a client hears.</summary>
    private void SendError(string text) => Send(IrcWriter.Format(null, null, "ERROR", [text], trailing: true));
}
