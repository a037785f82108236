namespace Piazza.Core.Bans;

/// <summary>
/// What a room's list modes hold: a <see cref="BanMask"/>, or, on the ban and ban-exception
/// lists, the mute extban <c>m:</c> before one (https://modern.ircdocs.horse/#extban,
/// ISUPPORT <c>EXTBAN=,m</c>): <c>+b m:bob!*@*</c> lets bob in but not speak, and
/// <c>+e m:mask</c> exempts whom it matches from mutes only.
/// </summary>
/// <remarks>
/// Grammar, as typed in MODE:
/// <code>
///   entry = [ "m:" ] mask     ; "m:" only for b and e; the mask is completed as BanMask.TryNormalize does
/// </code>
/// The prefix is lowercase only (as Ergo and InspIRCd spell it); the mask after it is matched,
/// completed and compared exactly as a ban's, so "-b m:BAR" lifts "+b m:bar!*@*".
/// </remarks>
public static class RoomListMask
{
    /// <summary>The mute extban's prefix: the extban letter and its ':'.</summary>
    public const string MutePrefix = "m:";

    /// <summary>
    /// An entry for list mode <paramref name="mode"/> (b, e or I) as typed, completed; null when it is
    /// no mask, or a mute on the invite-exception list (+I), where it would mean nothing. Never throws.
    /// </summary>
    public static string? TryNormalize(char mode, string? text)
    {
        if (text is not null && text.StartsWith(MutePrefix, StringComparison.Ordinal))
        {
            return mode is 'b' or 'e' && BanMask.TryNormalize(text[MutePrefix.Length..], out _) is { } muted
                ? MutePrefix + muted
                : null;
        }

        return BanMask.TryNormalize(text, out _);
    }

    /// <summary>True when the stored entry <paramref name="mask"/> is a mute (<c>m:</c>).</summary>
    public static bool IsMute(string mask) => mask.StartsWith(MutePrefix, StringComparison.Ordinal);
}
