using Piazza.Core;

namespace Piazza.Server.Irc;

/// <summary>
/// STATUSMSG targets (https://modern.ircdocs.horse/#statusmsg-parameter): a channel with one
/// status prefix before it, for those in the channel with that status or a higher one.
/// </summary>
/// <remarks>
/// <code>
///   target = ( "@" / "+" ) "#" channel   ; "@#chan" operators, "+#chan" voiced and operators
/// </code>
/// One prefix only: "@+#chan" is no target (Ergo takes the lowest of several; nothing needs that).
/// </remarks>
internal static class IrcStatusTarget
{
    /// <summary>ISUPPORT STATUSMSG: the prefixes a channel target may carry.</summary>
    public const string Prefixes = "@+";

    /// <summary>Reads "@#chan" or "+#chan" into its audience and "#chan"; false for anything else. Never throws.</summary>
    public static bool TryParse(string target, out RoomAudience audience, out string channel)
    {
        audience = RoomAudience.Everyone;
        channel = string.Empty;
        if (target.Length < 3 || target[1] != '#')
        {
            return false;
        }

        switch (target[0])
        {
            case '@':
                audience = RoomAudience.Operators;
                break;
            case '+':
                audience = RoomAudience.VoicedAndOperators;
                break;
            default:
                return false;
        }

        channel = target[1..];
        return true;
    }

    /// <summary>The prefix a message to <paramref name="audience"/> shows before its channel: "@", "+" or nothing.</summary>
    public static string Prefix(RoomAudience audience) => audience switch
    {
        RoomAudience.Operators => "@",
        RoomAudience.VoicedAndOperators => "+",
        _ => string.Empty,
    };
}
