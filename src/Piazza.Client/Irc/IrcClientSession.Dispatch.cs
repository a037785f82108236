using System.Globalization;

using Piazza.Protocol.Irc;

namespace Piazza.Client.Irc;

/// <summary>What each message from the server means to the client.</summary>
internal sealed partial class IrcClientSession
{
    private readonly Dictionary<string, List<ChannelMember>> _pendingNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HistoryBatch> _batches = new(StringComparer.Ordinal);
    private string? _serverName;

    private void Handle(IrcMessage message)
    {
        var p = message.Parameters;
        var nick = NickOf(message.Source);
        var time = TimeOf(message);
        switch (message.Command)
        {
            case "PING":
                Send("PONG", p.Count > 0 ? p[0] : string.Empty);
                break;
            case "ERROR":
                _errorReason = p.Count > 0 ? "the server closed the connection: " + p[0] : "the server closed the connection";
                break;
            case "CAP":
                OnCap(p);
                break;
            case "AUTHENTICATE":
                OnAuthenticate(p.Count > 0 ? p[0] : "+");
                break;
            case "900" or "901" or "902" or "903" or "904" or "905" or "906" or "907" or "908":
                OnSaslNumeric(message.Command, p);
                break;
            case "REGISTER" when p.Count > 2:
                OnRegisterReply(p);
                break;
            case "FAIL" when p.Count > 2 && p[0] == "REGISTER":
                _onEvent(new ServerTextEvent($"Not registered: {p[^1]}", IsError: true, IsReply: true));
                break;
            case "001":
                OnWelcome(message.Source, p);
                Show(p, isRoutine: true);
                break;
            case "005":
                Features.Apply(p.Skip(1).Take(Math.Max(0, p.Count - 2)));
                Show(p, isRoutine: true);
                break;
            case "376" or "422":
                Show(p, isRoutine: true);
                OnRegistrationComplete();
                break;
            case "432" or "433" or "437":
                OnNickRefused(message.Command, p);
                break;
            case "JOIN" when p.Count > 0:
                CompleteRegistrationBeforeActivity();
                _onEvent(new JoinEvent(p[0], nick, IsMe(nick), time));
                break;
            case "PART" when p.Count > 0:
                _onEvent(new PartEvent(p[0], nick, IsMe(nick), p.Count > 1 ? p[1] : null, null, time));
                break;
            case "KICK" when p.Count > 1:
                _onEvent(new PartEvent(p[0], p[1], IsMe(p[1]), p.Count > 2 ? p[2] : null, nick, time));
                break;
            // RENAME #old #new :reason, with draft/channel-rename (without it the server sends PART and JOIN).
            case "RENAME" when p.Count > 1:
                _onEvent(new RenameEvent(p[0], p[1], nick, p.Count > 2 && p[2].Length > 0 ? p[2] : null, time));
                break;
            case "QUIT":
                _onEvent(new QuitEvent(nick, p.Count > 0 ? p[0] : null, time));
                break;
            case "NICK" when p.Count > 0:
                var isMe = IsMe(nick);
                if (isMe)
                {
                    Nick = p[0];
                }

                _onEvent(new NickEvent(nick, p[0], isMe, time));
                break;
            case "PRIVMSG" or "NOTICE" when p.Count > 1:
                OnMessage(message, nick, time);
                break;
            case "TOPIC" when p.Count > 1 && HistoryBatchOf(message) is { } batch:
                // An earlier topic change, in its place among the earlier messages (not the topic now).
                message.Tags.TryGetValue("msgid", out var topicId);
                batch.Messages.Add(new MessageEvent(p[0], nick, IrcFormatting.StripForPlainText(p[1]), MessageKind.TopicChange, time, topicId, IsMe(nick), IsHistory: true));
                break;
            case "TOPIC" when p.Count > 1:
                _onEvent(new TopicEvent(p[0], p[1], nick, IsChange: true, time));
                break;
            case "332" when p.Count > 2:
                _onEvent(new TopicEvent(p[1], p[2], null, IsChange: false, time));
                break;
            case "333":
                break;
            case "353" when p.Count > 3:
                if (!_pendingNames.TryGetValue(p[2], out var members))
                {
                    _pendingNames[p[2]] = members = [];
                }

                members.AddRange(p[3].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Features.ParseMember));
                break;
            case "366" when p.Count > 1:
                _pendingNames.Remove(p[1], out var names);
                _onEvent(new NamesEvent(p[1], names ?? []));
                break;
            case "352" or "354" or "315" when p.Count > 1:
                _onEvent(new WhoReplyEvent(string.Join(' ', p.Skip(1)), IsEnd: message.Command == "315"));
                break;
            case "MODE" when p.Count > 1:
                _onEvent(new ModeEvent(p[0], nick, string.Join(' ', p.Skip(1)), time));
                break;
            case "INVITE" when p.Count > 1:
                _onEvent(new ServerTextEvent($"{nick} invites you to {p[1]} (/join {p[1]})"));
                break;
            // 442 (not on that channel) answers a PART the client thought it could send: the same to the user.
            case "403" or "405" or "442" or "471" or "473" or "474" or "475" or "476" or "477" or "489" when p.Count > 2:
                _onEvent(new JoinFailedEvent(p[1], p[^1]));
                break;
            // RPL_MONONLINE <me> :nick!user@host[,…] and RPL_MONOFFLINE <me> :nick[,…]
            case "730" or "731" when p.Count > 1:
                var nicks = p[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(NickOf).ToList();
                _onEvent(new PresenceEvent(nicks, IsOnline: message.Command == "730"));
                break;
            case "BATCH" when p.Count > 0:
                OnBatch(p);
                break;
            case "FAIL" when p.Count > 3 && p[0] == "CHATHISTORY" && p[1] == "INVALID_MSGREFTOKEN":
                // The message we asked for what came after is gone (pruned): take the latest instead.
                Send("CHATHISTORY", "LATEST", p[3], "*", Math.Clamp(Features.ChatHistoryLimit, 1, 50).ToString(CultureInfo.InvariantCulture));
                break;
            case "FAIL" or "WARN" or "NOTE" when p.Count > 2:
                _onEvent(new ServerTextEvent($"{p[0]}: {p[^1]}", IsError: message.Command == "FAIL"));
                break;
            case "AWAY" or "PONG" or "CHATHISTORY" or "ACCOUNT" or "SETNAME" or "TAGMSG":
                break;
            default:
                if (message.Command.Length == 3 && char.IsAsciiDigit(message.Command[0]))
                {
                    Show(p, IsErrorNumeric(message.Command), IsRoutineNumeric(message.Command));
                }

                break;
        }
    }

    private void OnMessage(IrcMessage message, string sender, DateTimeOffset time)
    {
        var p = message.Parameters;
        var target = p[0];
        var text = p[1];
        var isNotice = message.Command == "NOTICE";

        // A notice from the server itself (no nick!user@host), or sent before we have a nick.
        if (isNotice && (message.Source is null || !message.Source.Contains('!', StringComparison.Ordinal) || target == "*"))
        {
            _onEvent(new ServerTextEvent(IrcFormatting.StripForPlainText(text)));
            return;
        }

        var kind = isNotice ? MessageKind.Notice : MessageKind.Privmsg;
        if (IrcCtcp.TryParseAction(text, out var action))
        {
            kind = MessageKind.Action;
            text = action;
        }
        else if (IrcCtcp.IsCtcp(text))
        {
            AnswerCtcp(sender, text, isNotice);
            return;
        }

        // "@#room" (STATUSMSG) goes to #room's window.
        var channel = target.TrimStart(Features.PrefixSymbols.ToCharArray());
        var isOwn = IsMe(sender);
        var conversation = Features.IsChannel(channel) ? channel : isOwn ? target : sender;
        message.Tags.TryGetValue("msgid", out var messageId);
        var batch = HistoryBatchOf(message);
        var received = new MessageEvent(
            conversation, sender, IrcFormatting.StripForPlainText(text), kind, time, messageId, isOwn, IsHistory: batch is not null);
        if (batch is not null)
        {
            batch.Messages.Add(received);
        }
        else
        {
            _onEvent(received);
        }
    }

    private void AnswerCtcp(string sender, string text, bool isNotice)
    {
        if (isNotice)
        {
            _onEvent(new ServerTextEvent($"CTCP reply from {sender}: {text.Trim('\u0001')}"));
            return;
        }

        var body = text.Trim('\u0001');
        var word = body.Split(' ', 2)[0].ToUpperInvariant();
        var reply = word switch
        {
            "VERSION" => "VERSION piazza " + typeof(IrcClientSession).Assembly.GetName().Version,
            "PING" => body,
            "TIME" => "TIME " + _time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture),
            _ => null,
        };
        if (reply is not null)
        {
            Send("NOTICE", sender, "\u0001" + reply + "\u0001");
        }
    }

    /// <summary>BATCH +ref type [target] / BATCH -ref: chathistory batches become one <see cref="HistoryEvent"/>.</summary>
    private void OnBatch(IReadOnlyList<string> p)
    {
        var reference = p[0];
        if (reference.StartsWith('+') && p.Count > 2 && p[1] is "chathistory" or "draft/chathistory")
        {
            _batches[reference[1..]] = new HistoryBatch(p[2]);
        }
        else if (reference.StartsWith('-') && _batches.Remove(reference[1..], out var batch))
        {
            _onEvent(new HistoryEvent(batch.Target, batch.Messages));
        }
    }

    /// <summary>The chathistory batch <paramref name="message"/> belongs to, or null.</summary>
    private HistoryBatch? HistoryBatchOf(IrcMessage message) =>
        message.Tags.TryGetValue("batch", out var reference) && _batches.TryGetValue(reference, out var batch) ? batch : null;

    /// <summary>A server that skips the MOTD numerics still lets us in: the first sign of life completes registration.</summary>
    private void CompleteRegistrationBeforeActivity()
    {
        if (_welcomed && !_motdDone)
        {
            OnRegistrationComplete();
        }
    }

    /// <summary>A numeric as text: its parameters after our nick.</summary>
    private void Show(IReadOnlyList<string> p, bool isError = false, bool isRoutine = false)
    {
        if (p.Count > 1)
        {
            _onEvent(new ServerTextEvent(string.Join(' ', p.Skip(1)), isError, isRoutine));
        }
    }

    /// <summary>What every registration brings: welcome (001–004), statistics (25x, 26x), MOTD (372–376).</summary>
    private static bool IsRoutineNumeric(string numeric) =>
        numeric is "001" or "002" or "003" or "004" or "042" or "250" or "251" or "252" or "253" or "254" or "255"
            or "265" or "266" or "372" or "375" or "376" or "396";

    private bool IsMe(string nick) => string.Equals(nick, Nick, StringComparison.OrdinalIgnoreCase);

    private static bool IsErrorNumeric(string numeric) => numeric[0] is '4' or '5';

    private static string NickOf(string? source) => source is null ? string.Empty : IrcSource.Parse(source).Nick;

    private DateTimeOffset TimeOf(IrcMessage message) =>
        message.Tags.TryGetValue("time", out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : _time.GetUtcNow();

    private sealed record HistoryBatch(string Target)
    {
        public List<MessageEvent> Messages { get; } = [];
    }
}
