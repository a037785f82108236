namespace Piazza.Core;

/// <summary>
/// A room's settings, replaced whole on every change so readers never see half of one. Each
/// has a mode letter (IRC's, which both protocols and the settings use): see <see cref="ModeChange"/>.
/// </summary>
/// <param name="TopicLocked">+t: only operators set the topic.</param>
/// <param name="NoOutsideMessages">+n: only members may send to the room.</param>
/// <param name="Moderated">+m: only operators and voiced members may speak.</param>
/// <param name="InviteOnly">+i: joining needs an invitation.</param>
/// <param name="Key">+k: the password to join, or null.</param>
/// <param name="Limit">+l: the most members, or null.</param>
public sealed record RoomModes(bool TopicLocked, bool NoOutsideMessages, bool Moderated, bool InviteOnly, string? Key, int? Limit)
{
    /// <summary>+s: the room is hidden from LIST, WHOIS and NAMES of those not in it.</summary>
    public bool Secret { get; init; }

    /// <summary>+C: no CTCP to the room but ACTION (https://modern.ircdocs.horse/#no-ctcp-mode).</summary>
    public bool NoCtcp { get; init; }

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

    /// <summary>
    /// These modes after <paramref name="change"/>, taken as valid (a key without spaces, a
    /// positive limit: the hub checked it where the change was made); a letter that is no flag,
    /// key or limit changes nothing.
    /// </summary>
    public RoomModes With(ModeChange change) => change.Mode switch
    {
        't' => this with { TopicLocked = change.Add },
        'n' => this with { NoOutsideMessages = change.Add },
        'm' => this with { Moderated = change.Add },
        'i' => this with { InviteOnly = change.Add },
        's' => this with { Secret = change.Add },
        'C' => this with { NoCtcp = change.Add },
        'k' => this with { Key = change.Add ? change.Argument : null },
        'l' => this with { Limit = change.Add && int.TryParse(change.Argument, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit > 0 ? limit : null },
        _ => this,
    };

    /// <summary>
    /// The modes set, as the changes that would set them on a room without any, in letter order:
    /// <c>+C</c>, <c>+i</c>, <c>+k</c> with the key, <c>+l</c> with the limit, <c>+m</c>, <c>+n</c>, <c>+s</c>, <c>+t</c>.
    /// Empty when none is set.
    /// </summary>
    public IReadOnlyList<ModeChange> AsChanges()
    {
        var changes = new List<ModeChange>();
        if (NoCtcp)
        {
            changes.Add(new ModeChange(true, 'C', null));
        }

        if (InviteOnly)
        {
            changes.Add(new ModeChange(true, 'i', null));
        }

        if (Key is not null)
        {
            changes.Add(new ModeChange(true, 'k', Key));
        }

        if (Limit is { } limit)
        {
            changes.Add(new ModeChange(true, 'l', limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (Moderated)
        {
            changes.Add(new ModeChange(true, 'm', null));
        }

        if (NoOutsideMessages)
        {
            changes.Add(new ModeChange(true, 'n', null));
        }

        if (Secret)
        {
            changes.Add(new ModeChange(true, 's', null));
        }

        if (TopicLocked)
        {
            changes.Add(new ModeChange(true, 't', null));
        }

        return changes;
    }
}

/// <summary>An entry of a room's list modes: a ban (+b), a ban exception (+e) or an invite exception (+I).</summary>
/// <param name="Mask">The <c>nick!user@host</c> glob it matches, with <c>m:</c> before it for a mute (<see cref="Bans.RoomListMask"/>).</param>
/// <param name="SetBy">Who set it.</param>
/// <param name="SetAt">When.</param>
public sealed record RoomBan(string Mask, string SetBy, DateTimeOffset SetAt)
{
    /// <summary>True for the mute extban (<c>m:mask</c>): on +b it silences, on +e it exempts from silencing.</summary>
    public bool IsMute { get; } = Bans.RoomListMask.IsMute(Mask);

    /// <summary>The glob matched against a member, without the <c>m:</c>; cut once here, not on every match.</summary>
    public string Pattern { get; } = Bans.RoomListMask.IsMute(Mask) ? Mask[Bans.RoomListMask.MutePrefix.Length..] : Mask;
}
