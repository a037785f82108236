using System.Collections.Frozen;

using Piazza.Protocol.Line;
using Piazza.Server.Plain;

namespace Piazza.Server.Irc;

/// <summary>
/// What IRC's HELP says about each command: its IRC syntax, and what it does. A command the plain
/// protocol also has takes its description (and further lines) from <see cref="PlainCommandTable"/>,
/// so plain <c>/help</c> and IRC <c>HELP</c> say the same by construction; an IRC-only command is
/// described here, its one place. Tests check that every command of <see cref="IrcCommandTable"/>
/// has a topic here.
/// </summary>
internal static class IrcHelpTable
{
    /// <summary>One topic: the command, its IRC syntax, and its own text or the plain command whose text it shares.</summary>
    internal sealed record Topic(string Name, string Syntax, string? Text = null, LineCommandKind? Plain = null, params string[] More)
    {
        /// <summary>The lines of help after the syntax: the plain command's description and further lines, or this topic's own.</summary>
        public IReadOnlyList<string> Lines
        {
            get
            {
                if (Plain is { } kind && PlainCommandTable.All.FirstOrDefault(e => e.Kind == kind) is { } shared)
                {
                    return [shared.Description, .. shared.More, .. More];
                }

                return [Text ?? string.Empty, .. More];
            }
        }
    }

    /// <summary>Every topic, in the order the topic list shows them.</summary>
    public static readonly IReadOnlyList<Topic> All =
    [
        new("CAP", "CAP LS [302] | CAP LIST | CAP REQ :caps | CAP END", "negotiate IRCv3 capabilities (docs/protocol-irc.md lists them)"),
        new("PASS", "PASS password", "the server password, when the server has one; before NICK and USER"),
        new("NICK", "NICK nick", Plain: LineCommandKind.Nick),
        new("USER", "USER user 0 * :real name", "register with a user name and a real name"),
        new("PING", "PING token", "the server answers PONG token"),
        new("PONG", "PONG token", "answer the server's PING"),
        new("QUIT", "QUIT [:reason]", Plain: LineCommandKind.Quit),
        new("JOIN", "JOIN #chan[,#chan…] [key[,key…]] | JOIN 0", Plain: LineCommandKind.Join, More: ["JOIN 0 leaves every channel"]),
        new("PART", "PART #chan[,#chan…] [:reason]", Plain: LineCommandKind.Part),
        new("PRIVMSG", "PRIVMSG target[,target…] :text", "send text to channels or nicks (up to 4 targets)"),
        new("NOTICE", "NOTICE target[,target…] :text", "as PRIVMSG, but never answered automatically (nor with errors)"),
        new("TAGMSG", "@+tag=value TAGMSG target[,target…]", "send only client tags (typing, reactions); needs message-tags"),
        new("TOPIC", "TOPIC #chan [:text]", Plain: LineCommandKind.Topic),
        new("NAMES", "NAMES #chan[,#chan…]", Plain: LineCommandKind.Who),
        new("LIST", "LIST [#chan[,#chan…]]", Plain: LineCommandKind.Rooms),
        new("WHO", "WHO mask [o][%fields[,token]]", "list who matches a channel, a nick or a mask (* for all); o: operators only; %fields: WHOX (354)"),
        new("WHOIS", "WHOIS nick", "tell who someone is: user, host, real name, channels, away, idle"),
        new("WHOWAS", "WHOWAS nick [count]", "tell who last had a nickname (after a nick change or a quit)"),
        new("MODE", "MODE #chan [changes [args]] | MODE nick [+i|-i|+w|-w|-o]", Plain: LineCommandKind.Mode, More: ["your own: +i invisible to WHO masks, +w receive WALLOPS, -o stop being a server operator"]),
        new("KICK", "KICK #chan nick[,nick…] [:reason]", Plain: LineCommandKind.Kick),
        new("INVITE", "INVITE nick #chan", Plain: LineCommandKind.Invite),
        new("AWAY", "AWAY [:message]", Plain: LineCommandKind.Away),
        new("ISON", "ISON nick [nick…]", "which of these nicks are here (303)"),
        new("USERHOST", "USERHOST nick [nick…]", "user and host of up to 5 nicks (302)"),
        new("MONITOR", "MONITOR +|- nick[,nick…] | MONITOR C|L|S", "be told when nicks come online or go offline (730/731); C clears, L lists, S shows the state"),
        new("CS", "CS REGISTER|UNREGISTER|INFO #channel | CS HELP", "ChanServ: register a channel you operate, so its founder, modes, bans and operators outlive restarts (also PRIVMSG ChanServ :REGISTER #channel)"),
        new("CHANSERV", "CHANSERV REGISTER|UNREGISTER|INFO #channel | CHANSERV HELP", "the same as CS"),
        new("SETNAME", "SETNAME :real name", "change your real name; needs the setname capability"),
        new("MOTD", "MOTD", "the message of the day"),
        new("VERSION", "VERSION", "the server's version and what it supports (005)"),
        new("TIME", "TIME", "the server's time"),
        new("LUSERS", "LUSERS", "how many users, operators and channels there are"),
        new("INFO", "INFO", "about this server"),
        new("LINKS", "LINKS", "the servers of the network: this one"),
        new("HELP", "HELP [command]", Plain: LineCommandKind.Help, More: ["HELP command tells about one command"]),
        new("HELPOP", "HELPOP [command]", "as HELP"),
        new("CHATHISTORY", "CHATHISTORY LATEST|BEFORE|AFTER|AROUND|BETWEEN target …", "earlier messages of a channel or conversation; needs draft/chathistory"),
        new("BATCH", "BATCH +ref draft/multiline target | BATCH -ref", "send one message of several lines; needs draft/multiline"),
        new("RENAME", "RENAME #chan #newname [:reason]", "rename a channel you operate; members, modes, topic and history follow (not #lobby)", More: ["clients without draft/channel-rename see PART #chan and JOIN #newname"]),
        new("REDACT", "REDACT target msgid [:reason]", "delete a message you sent (operators: any); needs draft/message-redaction"),
        new("AUTHENTICATE", "AUTHENTICATE PLAIN | base64 | *", "log in to an account with SASL PLAIN; needs the sasl cap", More: ["as plain /login; a registered account is made with REGISTER or /register"]),
        new("REGISTER", "REGISTER * * :password", "make your nick an account and log in; as plain /register"),
        new("MARKREAD", "MARKREAD target [timestamp=YYYY-MM-DDThh:mm:ss.sssZ]", "ask or set up to when you have read a channel or nick (draft/read-marker); kept per account, shared by its connections"),
        new("OPER", "OPER name password", Plain: LineCommandKind.Oper),
        new("KILL", "KILL nick [:reason]", Plain: LineCommandKind.Kill),
        new("WALLOPS", "WALLOPS :text", Plain: LineCommandKind.Wallops),
        new("OPERACCOUNT", "OPERACCOUNT [account [ON|OFF]]", Plain: LineCommandKind.OperAccount),
        new("KLINE", "KLINE [duration] nick!user@host :reason", Plain: LineCommandKind.Ban),
        new("DLINE", "DLINE [duration] ip-or-cidr :reason", Plain: LineCommandKind.Ban),
        new("UNKLINE", "UNKLINE nick!user@host", Plain: LineCommandKind.Unban),
        new("UNDLINE", "UNDLINE ip-or-cidr", Plain: LineCommandKind.Unban),
        new("STATS", "STATS letter", "server statistics: u uptime; m (operators) how often each command has run; k and d (operators) the server bans, as /bans"),
    ];

    private static readonly FrozenDictionary<string, Topic> ByName =
        All.ToFrozenDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The topic for <paramref name="subject"/> (any case), if there is one.</summary>
    public static Topic? Find(string subject) => ByName.GetValueOrDefault(subject);
}
