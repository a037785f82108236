using System.Globalization;

namespace Piazza.Protocol.Irc;

/// <summary>
/// IRC's timestamps: the <c>time</c> tag (https://ircv3.net/specs/extensions/server-time) and
/// chathistory's <c>timestamp=</c> references, which share its form.
/// </summary>
/// <remarks>
/// <code>
///   time = YYYY "-" MM "-" DD "T" hh ":" mm ":" ss "." sss "Z"     ; UTC, milliseconds
/// </code>
/// </remarks>
public static class IrcServerTime
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary><paramref name="time"/> in UTC with milliseconds: <c>2024-05-01T12:00:00.000Z</c>.</summary>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a timestamp a client sent. Never throws. Lenient on purpose: anything
    /// <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/>
    /// reads is accepted (fewer fraction digits, an explicit offset), and a time without an offset is UTC.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
