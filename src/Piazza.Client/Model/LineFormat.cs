using System.Globalization;

namespace Piazza.Client.Model;

/// <summary>How a line reads as text: the same in line mode and, with colours added, on screen.</summary>
internal static class LineFormat
{
    /// <summary>"[HH:MM:SS]" in local time.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        "[" + time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "]";

    /// <summary>
    /// A line's time: "[HH:MM:SS]", or "[YYYY-MM-DD HH:MM:SS]" for history from another day than
    /// <paramref name="today"/>'s (a time alone would read as today's).
    /// </summary>
    public static string Timestamp(ChatLine line, DateTimeOffset today) =>
        line.IsHistory && line.Time.ToLocalTime().Date != today.ToLocalTime().Date
            ? "[" + line.Time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "]"
            : Timestamp(line.Time);

    /// <summary>The part after the timestamp: "&lt;nick&gt; text", "* nick acts", "-nick- notice", "* event", "! error".</summary>
    public static string Body(ChatLine line) => line.Kind switch
    {
        LineKind.Message => $"<{line.Nick}> {line.Text}",
        LineKind.Action => $"* {line.Nick} {line.Text}",
        LineKind.Notice => $"-{line.Nick}- {line.Text}",
        LineKind.Error => "! " + line.Text,
        LineKind.Gap => $"* --- {line.Text} ---",
        _ => "* " + line.Text,
    };

    /// <summary>The whole line: "[HH:MM:SS] &lt;nick&gt; text" (with the date for history from another day).</summary>
    public static string Full(ChatLine line) => Timestamp(line, DateTimeOffset.Now) + " " + Body(line);
}
