namespace Piazza.Core;

/// <summary>
/// A room's settings, IRC's channel modes, replaced whole on every change so readers never
/// see half of one. The letters are IRC's because both protocols share them.
/// </summary>
/// <param name="TopicLocked">+t: only operators set the topic.</param>
/// <param name="NoOutsideMessages">+n: only members may send to the room.</param>
/// <param name="Moderated">+m: only operators and voiced members may speak.</param>
/// <param name="InviteOnly">+i: joining needs an invitation.</param>
/// <param name="Key">+k: the password to join, or null.</param>
/// <param name="Limit">+l: the most members, or null.</param>
public sealed record RoomModes(bool TopicLocked, bool NoOutsideMessages, bool Moderated, bool InviteOnly, string? Key, int? Limit)
{
    /// <summary>No modes set.</summary>
    public static RoomModes None { get; } = new(false, false, false, false, null, null);

    /// <summary>The flag modes in <paramref name="letters"/> (e.g. "nt"); other letters are ignored.</summary>
    public static RoomModes FromLetters(string letters) => new(
        letters.Contains('t', StringComparison.Ordinal),
        letters.Contains('n', StringComparison.Ordinal),
        letters.Contains('m', StringComparison.Ordinal),
        letters.Contains('i', StringComparison.Ordinal),
        null,
        null);

    /// <summary>The modes as IRC writes them in RPL_CHANNELMODEIS: "+ntk key" (the key only for members).</summary>
    public string ToModeString(bool showKey)
    {
        var letters = "+";
        var args = new List<string>();
        if (InviteOnly)
        {
            letters += "i";
        }

        if (Key is not null)
        {
            letters += "k";
            args.Add(showKey ? Key : "*");
        }

        if (Limit is { } limit)
        {
            letters += "l";
            args.Add(limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Moderated)
        {
            letters += "m";
        }

        if (NoOutsideMessages)
        {
            letters += "n";
        }

        if (TopicLocked)
        {
            letters += "t";
        }

        return args.Count == 0 ? letters : letters + " " + string.Join(' ', args);
    }
}

/// <summary>A ban (+b) on a room.</summary>
/// <param name="Mask">The <c>nick!user@host</c> glob it matches.</param>
/// <param name="SetBy">Who set it.</param>
/// <param name="SetAt">When.</param>
public sealed record RoomBan(string Mask, string SetBy, DateTimeOffset SetAt);

/// <summary>One requested mode change: <c>+o bob</c> is (true, 'o', "bob").</summary>
/// <param name="Add">'+' or '-'.</param>
/// <param name="Mode">The mode letter.</param>
/// <param name="Argument">The argument, for modes that take one.</param>
public readonly record struct ModeChange(bool Add, char Mode, string? Argument)
{
    /// <inheritdoc/>
    public override string ToString() => $"{(Add ? '+' : '-')}{Mode}{(Argument is null ? string.Empty : " " + Argument)}";
}
