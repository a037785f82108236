using System.Buffers;

using Microsoft.AspNetCore.Connections;

using Piazza.Core;
using Piazza.Protocol.Line;
using Piazza.Server.Accounts;
using Piazza.Server.Flood;
using Piazza.Server.History;
using Piazza.Server.Operators;
using Piazza.Server.Sessions;

namespace Piazza.Server.Plain;

/// <summary>
/// One client of the plain line protocol (docs/protocol-plain.md): the seed's chat with
/// commands. It joins the hub, and the default room, as soon as it connects. The session does
/// the connection's part (greeting, decoding a line, the lines it is cut with); each command runs
/// through <see cref="PlainCommandTable"/>, whose handlers see the session only as an
/// <see cref="IPlainCommandContext"/>.
/// </summary>
internal sealed class PlainSession(ConnectionContext connection, ChatHub hub, HistoryOptions history, OperatorAuthenticator operators, AccountAuthenticator accounts, ILogger logger, string address, string host, FloodGate? flood)
    : LineSession(connection, hub, logger, address, host, hub.Options.MaxLineBytes, flood, NickRules.From(accounts.Options)), IPlainCommandContext
{
    private HistoryOptions HistoryOptions { get; } = history;

    private OperatorAuthenticator Operators { get; } = operators;

    private AccountAuthenticator Accounts { get; } = accounts;

    ChatHub IPlainCommandContext.Hub => Hub;

    Member IPlainCommandContext.Member => Member;

    string IPlainCommandContext.Address => Address;

    ILogger IPlainCommandContext.Logger => Logger;

    HistoryReplay IPlainCommandContext.Replay => Replay;

    HistoryOptions IPlainCommandContext.HistoryOptions => HistoryOptions;

    OperatorAuthenticator IPlainCommandContext.Operators => Operators;

    AccountAuthenticator IPlainCommandContext.Accounts => Accounts;

    void IPlainCommandContext.SendNotice(string text) => SendNotice(text);

    void IPlainCommandContext.SendError(string text) => SendError(text);

    /// <inheritdoc/>
    protected override string ProtocolName => "plain";

    /// <inheritdoc/>
    protected override void Encode(ChatEvent chatEvent)
    {
        if (!PlainEventEncoder.Skips(chatEvent, this))
        {
            Send(chatEvent.EncodedFor(PlainEventEncoder.Instance));
        }
    }

    /// <inheritdoc/>
    protected override async ValueTask OnConnectedAsync()
    {
        var lobby = Hub.DefaultRoom;
        SendNotice($"welcome to Piazza, {Address}! /nick NAME picks a name, /help lists commands, exit leaves");

        // The lobby's events wait until its history has been sent (Sessions/HistoryReplay).
        Replay.Hold(lobby.Name);
        Joined = Hub.ConnectUnlessBanned(Address, Host, this, out var ban, IsSecure);

        // A mask ban on the guest name (*!~plain@host, Guest*!*@*): told why and cut before entering the lobby.
        if (ban is not null)
        {
            SendNotice(PlainRoomCommands.JoinedText(lobby.Name, lobby.Count));
            await new PlainHistoryCommands(this).ReplayAsync(lobby.Name, entered: false);
            OperatorLog.BannedClientRefused(Logger, Joined.BanIdentity, Address, ban.Mask, ban.Reason);
            Close(ban.ClientReason);
            return;
        }

        // Counted once in the lobby, as /join counts: whoever entered before is among the others,
        // and whoever enters after is held above and shown after the history. Counted before
        // entering, one who entered in between was neither, and the client was never told of it
        // (a client that read this line and then saw the next one connect did not see it join).
        SendNotice(PlainRoomCommands.JoinedText(lobby.Name, lobby.Count - 1));
        await new PlainHistoryCommands(this).ReplayAsync(lobby.Name, entered: true);
    }

    /// <summary>Handles one line; returns the quit reason when the client leaves.</summary>
    protected override ValueTask<string?> HandleLineAsync(ReadOnlySequence<byte> line)
    {
        switch (LineText.TryDecode(line, out var text))
        {
            case LineTextError.InvalidUtf8:
                SendError("that line was not valid UTF-8; it was discarded");
                return default;
            case LineTextError.ControlCharacter:
                SendError("that line held control characters (only TAB is allowed); it was discarded");
                return default;
        }

        return PlainCommandTable.RunAsync(this, LineCommandParser.Parse(text));
    }

    /// <inheritdoc/>
    protected override void OnLineTooLong() =>
        SendError($"line too long (the most is {Options.MaxLineBytes} bytes); it was discarded");

    /// <inheritdoc/>
    protected override byte[] GoodbyeLine(string reason) => LineWriter.Notice(reason);

    /// <inheritdoc/>
    protected override byte[] CutLine(CutReason reason) => LineWriter.Error(reason switch
    {
        CutReason.ExcessFlood => "you sent lines faster than the server takes them, and kept on: flooding; disconnected",
        CutReason.SendQueueExceeded => $"you did not read what the server sent you (more than {Options.MaxSendQueueBytes} bytes waited): send queue exceeded; disconnected",
        CutReason.InternalError => "the server failed on that command (its fault, not yours; it is logged): internal error; disconnected",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    });

    /// <inheritdoc/>
    protected override string CommandOf(ReadOnlySequence<byte> line) =>
        LineText.TryDecode(line, out var text) == LineTextError.None
            ? LineCommandParser.Parse(text).Kind.ToString().ToLowerInvariant()
            : "-";

    /// <inheritdoc/>
    protected override void WarnNickReserved(string nick, NickHoldReason reason, TimeSpan grace) => SendNotice(reason switch
    {
        NickHoldReason.Registered => $"{nick} is a registered nick: log in to it within {grace.TotalSeconds:0} s with /login {nick} PASSWORD, or you will be renamed",
        _ => $"this server needs an account for a nick: within {grace.TotalSeconds:0} s, /register PASSWORD to make {nick} yours, or /login NAME PASSWORD, or you will be renamed",
    });

    /// <inheritdoc/>
    protected override void TellRenamedToGuest(string nick, NickHoldReason reason, ChatEvent changed, TimeSpan grace) => SendNotice(reason switch
    {
        NickHoldReason.Registered => $"you are now known as {changed.Text}: {nick} is a registered nick and you did not log in to it within {grace.TotalSeconds:0} s",
        _ => $"you are now known as {changed.Text}: this server needs an account for a nick, and you did not log in within {grace.TotalSeconds:0} s",
    });

    /// <inheritdoc/>
    protected override void TellOperatorByAccount(bool isOperator, string account) => SendNotice(isOperator
        ? $"you are now a server operator (account {account}): you operate every room; /kill, /ban and /wallops are yours"
        : $"you are no longer a server operator: you are no longer logged in to {account}");

    private void SendNotice(string text) => Send(LineWriter.Notice(text));

    private void SendError(string text) => Send(LineWriter.Error(text));
}
