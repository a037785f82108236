using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// Bot mode (https://ircv3.net/specs/extensions/bot-mode): user mode <c>+B</c>, advertised as
/// ISUPPORT <c>BOT=B</c>; a bot is shown by <c>335</c> in WHOIS, a <c>B</c> in WHO's flags, and
/// the <c>bot</c> tag on what it sends to message-tags clients. The flag itself is
/// <see cref="Member.IsBot"/>. Small helpers, so WHO and WHOIS (and WHOX) each add one call.
/// </summary>
internal static class IrcBotMode
{
    /// <summary>The user mode letter.</summary>
    public const char Letter = 'B';

    /// <summary>The ISUPPORT token that names it.</summary>
    public const string IsupportToken = "BOT=B";

    /// <summary>The tag (no value) on every event a bot causes, for message-tags clients.</summary>
    public const string Tag = "bot";

    /// <summary>What a bot adds to its user modes (221, after <c>iow</c>): <c>B</c>, or nothing.</summary>
    public static string UserMode(Member member) => member.IsBot ? "B" : string.Empty;

    /// <summary>What a bot adds to RPL_WHOREPLY's flags, after the channel prefix (as Ergo): <c>B</c>, or nothing.</summary>
    public static string WhoFlag(Member member) => member.IsBot ? "B" : string.Empty;

    /// <summary><c>335 &lt;client&gt; &lt;nick&gt; :is a bot on &lt;network&gt;</c> in a WHOIS of a bot; nothing for others.</summary>
    public static void WhoisReply(IIrcCommandContext context, Member member)
    {
        if (member.IsBot)
        {
            context.Numeric(IrcNumerics.RplWhoisBot, member.Nick, $"is a bot on {context.Irc.Network}");
        }
    }
}
