using System.Globalization;

namespace Piazza.Client.Model;

/// <summary>How a line reads as text: the same in line mode and, with colours added, on screen.</summary>
internal static class LineFormat
{
    /// <summary>"[HH:MM:SS]" in local time.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        "[" + time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "]";

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

    /// <summary>The whole line: "[HH:MM:SS] &lt;nick&gt; text".</summary>
    public static string Full(ChatLine line) => Timestamp(line.Time) + " " + Body(line);
}
