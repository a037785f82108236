using System.Text;

namespace Piazza.Client.Irc;

/// <summary>
/// SASL PLAIN (RFC 4616) as IRC carries it (https://ircv3.net/specs/extensions/sasl-3.1): which
/// servers take it, and the <c>AUTHENTICATE</c> lines that carry the credentials. No I/O.
/// </summary>
internal static class SaslPlain
{
    /// <summary>The longest piece of the base64 payload one <c>AUTHENTICATE</c> line may carry.</summary>
    public const int ChunkLength = 400;

    /// <summary>
    /// True when the value of the <c>sasl</c> cap (CAP LS 302: "PLAIN,EXTERNAL"; none before 302)
    /// allows PLAIN: a list that names it, or no list at all.
    /// </summary>
    public static bool IsOffered(string? capValue) =>
        string.IsNullOrEmpty(capValue)
        || capValue.Split(',', StringSplitOptions.RemoveEmptyEntries).Contains("PLAIN", StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The arguments of the <c>AUTHENTICATE</c> lines that log in to <paramref name="account"/>:
    /// <code>
    ///   payload = base64( authzid NUL authcid NUL password )   ; authzid empty: the account itself
    ///   chunks  = payload cut in pieces of 400; when the last piece is exactly 400 long
    ///             (or the payload is empty), "+" follows it to say the payload ended
    /// </code>
    /// </summary>
    public static IReadOnlyList<string> Chunks(string account, string password) => ChunksOf("\0" + account + "\0" + password);

    /// <summary>Any SASL message (SCRAM's too) as <c>AUTHENTICATE</c> arguments: base64 in chunks of 400, "+" after an exact fill.</summary>
    public static IReadOnlyList<string> ChunksOf(string message)
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(message));
        var chunks = new List<string>();
        for (var at = 0; at < payload.Length; at += ChunkLength)
        {
            chunks.Add(payload.Substring(at, Math.Min(ChunkLength, payload.Length - at)));
        }

        if (payload.Length % ChunkLength == 0)
        {
            chunks.Add("+");
        }

        return chunks;
    }
}
