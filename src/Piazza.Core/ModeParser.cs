namespace Piazza.Core;

/// <summary>
/// Reads a mode request in IRC's form — <c>+o-v bob alice</c>, <c>+k key</c>, <c>+b</c> — into
/// <see cref="ModeChange"/>s for <see cref="ChatHub.SetModes"/>. Both protocols use it.
/// </summary>
/// <remarks>
/// https://modern.ircdocs.horse/#mode-message with CHANMODES=b,k,l,imnt and PREFIX=(ov)@+:
/// <code>
///   modes = 1*( ( "+" / "-" ) *letter )        ; b o v k take an argument; l only when adding
///   "+b" (or "b") with no argument left asks for the ban list
/// </code>
/// At most <paramref name="maxWithArgument"/> changes that take an argument are kept (ISUPPORT MODES).
/// </remarks>
public sealed record ModeRequest(List<ModeChange> Changes, List<char> Unknown, List<char> MissingArgument, bool ListBans)
{
    /// <summary>Parses <paramref name="modes"/> with its <paramref name="arguments"/>. Never throws.</summary>
    public static ModeRequest Parse(string modes, IReadOnlyList<string> arguments, int maxWithArgument = 4)
    {
        var request = new ModeRequest([], [], [], false);
        var listBans = false;
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

            if (!ChatHub.RoomModeLetters.Contains(letter, StringComparison.Ordinal))
            {
                request.Unknown.Add(letter);
                continue;
            }

            var takesArgument = letter is 'b' or 'o' or 'v' or 'k' || (letter == 'l' && add);
            string? argument = null;
            if (takesArgument)
            {
                if (next < arguments.Count)
                {
                    argument = arguments[next++];
                }
                else if (letter == 'b')
                {
                    listBans = true;
                    continue;
                }
                else if (letter != 'k' || add)
                {
                    request.MissingArgument.Add(letter);
                    continue;
                }

                if (++withArgument > maxWithArgument)
                {
                    continue;
                }
            }

            if (letter == 'b' && argument is not null)
            {
                argument = NormalizeBanMask(argument);
            }

            request.Changes.Add(new ModeChange(add, letter, argument));
        }

        return request with { ListBans = listBans };
    }

    /// <summary>
    /// What a user typed as a ban, as a full mask: <c>bob</c> → <c>bob!*@*</c>,
    /// <c>*@host</c> → <c>*!*@host</c>, <c>u@h</c> → <c>*!u@h</c>, <c>bob!x</c> → <c>bob!x@*</c>.
    /// </summary>
    public static string NormalizeBanMask(string mask)
    {
        var bang = mask.IndexOf('!', StringComparison.Ordinal);
        var at = mask.IndexOf('@', StringComparison.Ordinal);
        return (bang, at) switch
        {
            ( < 0, < 0) => mask + "!*@*",
            ( < 0, _) => "*!" + mask,
            (_, < 0) => mask + "@*",
            _ => mask,
        };
    }
}
