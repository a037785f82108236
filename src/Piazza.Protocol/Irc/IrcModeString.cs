using System.Text;

namespace Piazza.Protocol.Irc;

/// <summary>
/// Channel mode strings — <c>+o-v bob alice</c>, <c>+k key</c>, <c>+b</c> — read into
/// <see cref="IrcModeChange"/>s and written back in compact form. IRC's MODE uses them, and the
/// plain protocol shows and reads the same text.
/// </summary>
/// <remarks>
/// https://modern.ircdocs.horse/#mode-message with CHANMODES=Ibe,k,l,Cimnst and PREFIX=(ov)@+:
/// <code>
///   modes = 1*( ( "+" / "-" ) *letter )        ; b e I o v k take an argument; l only when adding
///   "+b" (or "b", "e", "I") with no argument left asks for that list; "-k" may go without its key
///   compact form = signs only where they change, then the arguments in order: "+ok-v key bob alice"
/// </code>
/// Arguments are passed on as typed: what they mean (a nick, a ban mask to complete) is the
/// hub's to judge.
/// </remarks>
public static class IrcModeString
{
    /// <summary>ISUPPORT CHANMODES: the list modes, then those always taking an argument, then those taking one when set, then flags; kept beside <see cref="ChannelModeLetters"/> so the two agree.</summary>
    public const string ChanModesToken = "Ibe,k,l,Cimnst";

    /// <summary>The channel modes there are, I, b, e, k, l, o and v taking an argument (RPL_MYINFO's list).</summary>
    public const string ChannelModeLetters = "CIbeiklmnostv";

    /// <summary>The list modes: bans, ban exceptions (ISUPPORT EXCEPTS), invite exceptions (INVEX).</summary>
    public const string ListModeLetters = "beI";

    /// <summary>
    /// Reads <paramref name="modes"/> with its <paramref name="arguments"/>, keeping at most
    /// <paramref name="maxWithArgument"/> changes that take an argument (ISUPPORT MODES). Never throws.
    /// </summary>
    public static IrcModeRequest Parse(string modes, IReadOnlyList<string> arguments, int maxWithArgument = 4)
    {
        ArgumentNullException.ThrowIfNull(modes);
        ArgumentNullException.ThrowIfNull(arguments);
        var changes = new List<IrcModeChange>();
        var unknown = new List<char>();
        var missing = new List<char>();
        var lists = new List<char>();
        var add = true;
        var next = 0;
        var withArgument = 0;
        foreach (var letter in modes)
        {
            if (letter is '+' or '-')
            {
                add = letter == '+';
                continue;
            }

            if (!ChannelModeLetters.Contains(letter, StringComparison.Ordinal))
            {
                unknown.Add(letter);
                continue;
            }

            string? argument = null;
            if (TakesArgument(letter, add))
            {
                if (next < arguments.Count)
                {
                    argument = arguments[next++];
                }
                else if (ListModeLetters.Contains(letter, StringComparison.Ordinal))
                {
                    if (!lists.Contains(letter))
                    {
                        lists.Add(letter);
                    }

                    continue;
                }
                else if (letter != 'k' || add)
                {
                    missing.Add(letter);
                    continue;
                }

                if (++withArgument > maxWithArgument)
                {
                    continue;
                }
            }

            changes.Add(new IrcModeChange(add, letter, argument));
        }

        return new IrcModeRequest(changes, unknown, missing, lists);
    }

    /// <summary>
    /// The changes in compact form, as one text: <c>+o-v bob alice</c>; a plus alone for none
    /// (RPL_CHANNELMODEIS of a room without modes).
    /// </summary>
    public static string Format(IReadOnlyList<IrcModeChange> changes) => string.Join(' ', Parameters(changes));

    /// <summary>
    /// The changes in compact form as MODE's parameters: the letters with their signs, then each
    /// argument (<c>["+o-v", "bob", "alice"]</c>); <c>["+"]</c> for none.
    /// </summary>
    public static string[] Parameters(IReadOnlyList<IrcModeChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return ["+"];
        }

        var letters = new StringBuilder();
        var parameters = new List<string> { string.Empty };
        bool? sign = null;
        foreach (var change in changes)
        {
            if (sign != change.Add)
            {
                letters.Append(change.Add ? '+' : '-');
                sign = change.Add;
            }

            letters.Append(change.Mode);
            if (change.Argument is not null)
            {
                parameters.Add(change.Argument);
            }
        }

        parameters[0] = letters.ToString();
        return [.. parameters];
    }

    /// <summary>b, e, I, k, o and v always take an argument (a "-k" without one is allowed); l only when set.</summary>
    private static bool TakesArgument(char letter, bool add) => letter is 'b' or 'e' or 'I' or 'o' or 'v' or 'k' || (letter == 'l' && add);
}
