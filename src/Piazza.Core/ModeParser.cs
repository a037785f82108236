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
/// A ban mask is passed on as typed: the hub checks and completes it (<see cref="Bans.BanMask.TryNormalize"/>),
/// so every way in (either protocol, or a <see cref="ModeChange"/> made elsewhere) stores the same form.
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

            request.Changes.Add(new ModeChange(add, letter, argument));
        }

        return request with { ListBans = listBans };
    }
}
