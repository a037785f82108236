using System.Globalization;

namespace Piazza.Core.Bans;

/// <summary>
/// A ban's duration as an operator types it. Never throws on input.
/// <code>
///   duration = 1*9DIGIT [ "s" / "m" / "h" / "d" / "w" ]   ; no unit: minutes (ircd's KLINE convention)
/// </code>
/// <c>0</c> means no expiry; at most ten years.
/// </summary>
public static class BanDuration
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    /// <summary>True when <paramref name="text"/> is a duration; <paramref name="duration"/> is null for 0 (never expires).</summary>
    public static bool TryParse(string text, out TimeSpan? duration)
    {
        duration = null;
        if (string.IsNullOrEmpty(text) || text.Length > 10)
        {
            return false;
        }

        var unit = char.IsAsciiDigit(text[^1]) ? 'm' : char.ToLowerInvariant(text[^1]);
        var digits = char.IsAsciiDigit(text[^1]) ? text : text[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        var seconds = unit switch
        {
            's' => 1L,
            'm' => 60L,
            'h' => 3600L,
            'd' => 86_400L,
            'w' => 604_800L,
            _ => -1L,
        };
        if (seconds < 0)
        {
            return false;
        }

        if (count == 0)
        {
            return true;
        }

        var span = TimeSpan.FromSeconds(Math.Min(count * seconds, (long)Longest.TotalSeconds));
        duration = span;
        return true;
    }

    /// <summary>How a ban's remaining time reads: <c>for 59 min</c>, <c>until lifted</c>.</summary>
    public static string Describe(ServerBan ban, DateTimeOffset now) => ban.ExpiresAt is not { } end
        ? "until lifted"
        : string.Create(CultureInfo.InvariantCulture, $"until {end.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({Math.Max(0, (long)Math.Ceiling((end - now).TotalMinutes))} min)");
}
