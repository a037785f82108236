using System.Buffers;

using Microsoft.AspNetCore.Connections;

using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Accounts;
using Piazza.Server.Flood;
using Piazza.Server.History;
using Piazza.Server.Operators;
using Piazza.Server.Sessions;

namespace Piazza.Server.Irc;

/// <summary>
/// One IRC client (docs/protocol-irc.md), from registration to QUIT: the connection's lines in,
/// events out. Commands run on the read loop through <see cref="IrcCommandTable"/>, which checks
/// registration and parameter counts once for all; their handlers are the families of
/// <see cref="IrcCommandHandlers"/>, which see the session only as the narrow
/// <see cref="IIrcCommandContext"/> (and registration, as <see cref="IIrcSessionControl"/>).
/// </summary>
internal sealed class IrcSession : LineSession, IIrcTimeoutActions, IIrcCommandContext, IIrcSessionControl, IIrcReadMarkerSink
{
    private readonly IrcOptions _irc;
    private readonly IrcTimeouts _timeouts;

    // Written by the read loop, read by every thread delivering to this client: see its remarks.
    private readonly IrcCapabilitySet _caps;

    // The read loop's only: what the client has said about itself until it is registered.
    private readonly IrcRegistration _registration = new();

    // The client as a watcher of nicks (MONITOR): called by others' threads, see its remarks.
    private readonly IrcMonitorWatcher _monitor;

    /// <param name="sts">The <c>sts</c> policy offered to this connection (<see cref="Tls.StsPolicy"/>), or null.</param>
    public IrcSession(ConnectionContext connection, ChatHub hub, IrcOptions irc, HistoryOptions history, OperatorAuthenticator operators, AccountAuthenticator accounts, IrcCommandCounts commandCounts, ILogger logger, string address, string host, FloodGate? flood, string? sts = null)
        : base(connection, hub, logger, address, host, IrcParser.MaxLineBytes, flood, NickRules.From(accounts.Options))
    {
        _irc = irc;
        _timeouts = new IrcTimeouts(hub.Time, irc, this);
        _caps = new IrcCapabilitySet(historyOn: hub.History is not null, registrationOpen: accounts.Options.Registration != AccountRegistration.Closed, sts);
        Replies = new IrcReplies(irc.ServerName, _caps, Send, () => Nick);
        _monitor = new IrcMonitorWatcher(irc.ServerName, _caps, Send, Deliver, () => Nick);
        CommandCounts = commandCounts;
        Handlers = new IrcCommandHandlers(this, this, _registration, history, Replay, operators, accounts, _monitor, commandCounts, logger);
    }

    /// <summary>The server's count of each command run, which the command table bumps.</summary>
    internal IrcCommandCounts CommandCounts { get; }

    /// <inheritdoc/>
    protected override string ProtocolName => "irc";

    /// <summary>True once NICK, USER (and CAP END, when CAP was used) are done and the client is in the hub.</summary>
    internal bool IsRegistered => _registration.IsComplete;

    /// <summary>
    /// Set when the session must end after the command running now (QUIT, a refused registration,
    /// a ban on a new nick): the reason others see. Read loop only.
    /// </summary>
    internal string? QuitReason { get; private set; }

    /// <summary>Replies to the command running now (read loop only: a labelled command's are held).</summary>
    internal IrcReplies Replies { get; }

    /// <summary>The command families.</summary>
    internal IrcCommandHandlers Handlers { get; }

    ChatHub IIrcCommandContext.Hub => Hub;

    IrcOptions IIrcCommandContext.Irc => _irc;

    IrcCapabilitySet IIrcCommandContext.Caps => _caps;

    Member IIrcCommandContext.Member => Member;

    string IIrcCommandContext.Nick => Nick;

    string IIrcSessionControl.Address => Address;

    string IIrcSessionControl.Host => Host;

    bool IIrcSessionControl.IsSecure => IsSecure;

    /// <summary>The nick to address replies to: the registered one, else what NICK gave, else "*".</summary>
    private string Nick => Joined?.Nick ?? _registration.Nick ?? "*";

    private string ServerName => _irc.ServerName;

    private IrcTagMode TagMode => _caps.TagMode;

    void IIrcCommandContext.Numeric(string code, params string[] args) => Replies.Numeric(code, args);

    void IIrcCommandContext.ServerReply(string command, params string[] args) => Replies.ServerReply(command, args);

    void IIrcCommandContext.Fail(string command, string code, string[] context, string description) => Replies.Fail(command, code, context, description);

    void IIrcCommandContext.Echo(ChatEvent chatEvent) => Replies.Echo(chatEvent);

    string? IIrcCommandContext.DeferLabel() => Replies.DeferLabel();

    void IIrcCommandContext.Relabel(string? label) => Replies.Relabel(label);

    void IIrcCommandContext.Reply(Func<string?, byte[]> line) => Replies.Reply(line);

    string IIrcCommandContext.NextBatchReference(char kind) => Replies.NextBatchReference(kind);

    ChatError IIrcSessionControl.Enter(MemberInfo info)
    {
        var error = Hub.Connect(info, this, joinDefaultRoom: false, out var member);
        if (error == ChatError.None)
        {
            Joined = member;
            _timeouts.OnRegistered();
        }

        return error;
    }

    void IIrcSessionControl.End(string error, string reason)
    {
        SendError(error);
        QuitReason = reason;
    }

    void IIrcSessionControl.Cut(string reason)
    {
        Close(reason);
        QuitReason = reason; // stops the read loop now, not after the lines already received
    }

    /// <inheritdoc/>
    protected override void Encode(ChatEvent chatEvent)
    {
        switch (chatEvent.Kind)
        {
            case ChatEventKind.TagMessage when !_caps.Has(IrcCaps.MessageTags):
            case ChatEventKind.Away when !_caps.Has(IrcCaps.AwayNotify):
            case ChatEventKind.RealNameChange when !_caps.Has(IrcCaps.SetName):
            case ChatEventKind.Redaction when !_caps.Has(IrcCaps.MessageRedaction):
            case ChatEventKind.AccountChange when !_caps.Has(IrcCaps.AccountNotify):
                return;
            case ChatEventKind.RoomRename when !_caps.Has(IrcCaps.ChannelRename):
                if (IrcRenameFallback.IsNeeded(chatEvent) && Joined is { } receiver)
                {
                    // One enqueue, so no other event lands inside the PART, JOIN and names.
                    Send([.. IrcRenameFallback.Lines(chatEvent, receiver, _caps, ServerName).SelectMany(line => line(null))]);
                }

                return;
            case ChatEventKind.Invite when !ReferenceEquals(chatEvent.Target?.Sink, this)
                && !(_caps.Has(IrcCaps.InviteNotify) && Joined is { } me && chatEvent.Room!.IsOperator(me)):
                return;
        }

        if (chatEvent.Lines.Count > 0)
        {
            Send(IrcMultilineEncoder.Encode(chatEvent, TagMode, _caps.Has(IrcCaps.Multiline), _caps.Has(IrcCaps.AccountTag)));
            return;
        }

        var extendedJoin = chatEvent.Kind == ChatEventKind.Join && _caps.Has(IrcCaps.ExtendedJoin);
        var encoded = chatEvent.EncodedFor(IrcEventEncoder.For(TagMode, extendedJoin, _caps.Has(IrcCaps.AccountTag)));
        if (chatEvent.Kind == ChatEventKind.Join && _caps.Has(IrcCaps.AwayNotify) && chatEvent.SourceAway is { } away)
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

    void IIrcReadMarkerSink.ShowReadMarker(string target, string marker)
    {
        if (_caps.Has(IrcCaps.ReadMarker))
        {
            Send(IrcReadMarkerCommands.Line(ServerName, target, marker));
        }
    }

    /// <inheritdoc/>
    public override void Shown(ChatEvent said, string? replyLabel) => Replies.SendShown(said, replyLabel);

    /// <inheritdoc/>
    protected override ValueTask OnConnectedAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    protected override ValueTask<string?> HandleLineAsync(ReadOnlySequence<byte> line) => HandleLine(line);

    private ValueTask<string?> HandleLine(in ReadOnlySequence<byte> line)
    {
        _timeouts.OnActivity();
        var bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (bytes.IndexOfAnyExcept(Blank) < 0)
        {
            // Empty, or only spaces and tabs: ignored by design (docs/protocol-irc.md).
            return default;
        }

        var status = IrcParser.TryParse(bytes, out var message);
        switch (status)
        {
            case IrcParseStatus.LineTooLong or IrcParseStatus.TagsTooLong:
                OnLineTooLong();
                return default;
            case IrcParseStatus.NoCommand:
                // Tags or a source alone ("@a=b", ":nick"): answered, like any other line that is refused.
                Replies.Numeric(IrcNumerics.ErrUnknownCommand, "*", "No command in that line");
                return default;
            case IrcParseStatus.InvalidUtf8:
                RefuseInvalidUtf8(message!);
                return default;
        }

        if (bytes.IndexOfAny(Forbidden) >= 0)
        {
            // The grammar forbids NUL and CR inside a line (a CR before the LF is the line end).
            Replies.Fail(message!.Command, "INVALID_CHARACTERS", [], "Message rejected, it held a NUL or a CR inside the line");
            return default;
        }

        var handled = IrcCommandTable.DispatchAsync(this, message!);

        // MONITOR holds notifications while it answers (it never waits); they follow its replies.
        _monitor.ReleaseNotices();
        return handled;
    }

    /// <summary>
    /// <c>FAIL &lt;command&gt; INVALID_UTF8 :…</c> for a line that is not UTF-8, with or without
    /// standard-replies: with UTF8ONLY advertised, https://ircv3.net/specs/extensions/utf8-only says
    /// a server answers so (or with ERROR). The line is otherwise dropped, as Ergo does: a refused
    /// <c>USER</c> leaves registration waiting, and the client may send it again in UTF-8. Labelled
    /// like any command's reply.
    /// </summary>
    private void RefuseInvalidUtf8(IrcMessage message)
    {
        Replies.BeginCommand(message);
        Replies.StandardFail(message.Command, "INVALID_UTF8", [], "Message rejected, your message was not valid UTF-8");
        Replies.EndCommand();
    }

    /// <summary>What a blank line is made of.</summary>
    private static readonly SearchValues<byte> Blank = SearchValues.Create(" \t"u8);

    /// <summary>Bytes the IRC grammar forbids inside a line.</summary>
    private static readonly SearchValues<byte> Forbidden = SearchValues.Create("\0\r"u8);

    /// <inheritdoc/>
    protected override void OnLineTooLong() => Replies.Numeric(IrcNumerics.ErrInputTooLong, "Input line was too long");

    /// <inheritdoc/>
    protected override byte[] GoodbyeLine(string reason) => ErrorLine($"Closing Link: {Host} ({reason})");

    /// <inheritdoc/>
    protected override byte[] CutLine(CutReason reason) => IrcWriter.Format(null, null, "ERROR",
        [$"Closing Link: {Host} ({reason switch
        {
            CutReason.ExcessFlood => "Excess Flood",
            CutReason.SendQueueExceeded => "SendQ exceeded",
            CutReason.InternalError => "Internal error",
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
        }})"], trailing: true);

    /// <inheritdoc/>
    protected override string CommandOf(ReadOnlySequence<byte> line) =>
        IrcParser.TryParse(line.ToArray(), out var message) == IrcParseStatus.Ok && message is not null
            ? IrcText.ForEcho(message.Command.Length > 32 ? message.Command[..32] : message.Command)
            : "-";

    /// <inheritdoc/>
    protected override void OnClosed()
    {
        _timeouts.Stop();
        Handlers.Registration.Abandon();
    }

    void IIrcTimeoutActions.RegistrationTimedOut()
    {
        Stop("registration timed out", ErrorLine("Closing Link: registration timed out"));
    }

    void IIrcTimeoutActions.SendPing() => Send(IrcWriter.Format(null, null, "PING", [ServerName]));

    void IIrcTimeoutActions.PingTimedOut(TimeSpan idle)
    {
        var seconds = (long)idle.TotalSeconds;
        Stop($"Ping timeout: {seconds} seconds", ErrorLine($"Closing Link: {Host} (Ping timeout: {seconds} seconds)"));
    }

    /// <inheritdoc/>
    protected override void WarnNickReserved(string nick, NickHoldReason reason, TimeSpan grace) => SendNotice(reason switch
    {
        NickHoldReason.Registered => $"{nick} is a registered nick: log in to it within {grace.TotalSeconds:0} s (SASL: AUTHENTICATE PLAIN) or you will be renamed",
        _ => $"This server needs an account for a nick: log in (SASL) or REGISTER {nick} within {grace.TotalSeconds:0} s, or you will be renamed to a guest nick",
    });

    /// <inheritdoc/>
    protected override void TellRenamedToGuest(string nick, NickHoldReason reason, ChatEvent changed, TimeSpan grace)
    {
        Encode(changed);
        SendNotice(reason switch
        {
            NickHoldReason.Registered => $"You were renamed to {changed.Text}: {nick} is a registered nick and you did not log in to it within {grace.TotalSeconds:0} s",
            _ => $"You were renamed to {changed.Text}: this server needs an account for a nick, and you did not log in within {grace.TotalSeconds:0} s",
        });
    }

    /// <inheritdoc/>
    protected override void TellOperatorByAccount(bool isOperator, string account)
    {
        var nick = Nick;
        Send(IrcWriter.Format(null, nick, "MODE", [nick, isOperator ? "+o" : "-o"]));
        if (isOperator)
        {
            Send(IrcWriter.Format(null, ServerName, IrcNumerics.RplYoureOper, [nick, $"You are now an IRC operator (account {account})"], trailing: true));
        }
        else
        {
            SendNotice($"You are no longer an IRC operator: you are no longer logged in to {account}");
        }
    }

    /// <summary>Queues <c>:server NOTICE nick :text</c>, outside any command (no label).</summary>
    private void SendNotice(string text) => Send(IrcWriter.Format(null, ServerName, "NOTICE", [Nick, text], trailing: true));

    /// <summary>Queues <c>ERROR :text</c>, the last thing a client hears.</summary>
    private void SendError(string text) => Send(ErrorLine(text));

    private static byte[] ErrorLine(string text) => IrcWriter.Format(null, null, "ERROR", [text], trailing: true);
}
