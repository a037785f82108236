using System.Globalization;
using System.Text;

namespace Piazza.Protocol.Sasl;

/// <summary>Why a SCRAM message was refused (the server answers each with 904).</summary>
public enum ScramError
{
    /// <summary>Parsed.</summary>
    None,

    /// <summary>Not the grammar: a missing or misplaced attribute, a bad saslname escape, an empty nonce, bad base64.</summary>
    Malformed,

    /// <summary>The client asked for channel binding (gs2 flag <c>p=</c>): not offered here (no SCRAM-SHA-256-PLUS).</summary>
    ChannelBindingUnsupported,

    /// <summary>A mandatory extension (<c>m=</c>) that nobody supports.</summary>
    MandatoryExtension,
}

/// <summary>A client-first-message, read.</summary>
/// <param name="Gs2Header">"n,," / "y,," / "n,a=bob," as sent: c= in the final message must be its base64.</param>
/// <param name="Authzid">The authorization identity (a=), unescaped; null when empty.</param>
/// <param name="UserName">The authentication identity (n=), unescaped.</param>
/// <param name="Nonce">The client's nonce (r=).</param>
/// <param name="Bare">client-first-message-bare, the part that goes into AuthMessage.</param>
public sealed record ScramClientFirst(string Gs2Header, string? Authzid, string UserName, string Nonce, string Bare);

/// <summary>A client-final-message, read.</summary>
/// <param name="ChannelBinding">c=, still base64.</param>
/// <param name="Nonce">r=: the client's nonce and the server's.</param>
/// <param name="Proof">p=, decoded.</param>
/// <param name="WithoutProof">client-final-message-without-proof, for AuthMessage.</param>
public sealed record ScramClientFinal(string ChannelBinding, string Nonce, byte[] Proof, string WithoutProof);

/// <summary>A server-first-message, read (by a client).</summary>
public sealed record ScramServerFirst(string Nonce, byte[] Salt, int Iterations);

/// <summary>
/// The four SCRAM messages (RFC 5802 §7), read and written; pure, and the readers never throw:
/// <code>
///   client-first-message = gs2-header client-first-message-bare
///   gs2-header           = gs2-cbind-flag "," [ "a=" saslname ] ","
///   gs2-cbind-flag       = ("p=" cb-name) / "n" / "y"
///   client-first-message-bare = [ "m=" … "," ] "n=" saslname "," "r=" c-nonce [ "," extensions ]
///   saslname             = 1*( value-safe-char / "=2C" / "=3D" )      ; "," and "=" escaped
///   server-first-message = "r=" c-nonce s-nonce "," "s=" base64(salt) "," "i=" iteration-count [ "," extensions ]
///   client-final-message-without-proof = "c=" base64(gs2-header [cbind-data]) "," "r=" nonce [ "," extensions ]
///   client-final-message = client-final-message-without-proof "," "p=" base64(ClientProof)
///   server-final-message = ( "e=" server-error-value / "v=" base64(ServerSignature) ) [ "," extensions ]
///   nonce                = printable ASCII (0x21–0x7E) but ","
/// </code>
/// </summary>
public static class ScramMessages
{
    /// <summary>The most iterations a client accepts from a server (a hostile server could ask for hours of work).</summary>
    public const int MaxIterations = 10_000_000;

    /// <summary>Reads a client-first-message.</summary>
    public static ScramError TryParseClientFirst(string text, out ScramClientFirst? message)
    {
        message = null;
        var parts = (text ?? string.Empty).Split(',');
        if (parts.Length < 4)
        {
            return ScramError.Malformed;
        }

        switch (parts[0])
        {
            case "n" or "y":
                break;
            case var flag when flag.StartsWith("p=", StringComparison.Ordinal):
                return ScramError.ChannelBindingUnsupported;
            default:
                return ScramError.Malformed;
        }

        string? authzid = null;
        if (parts[1].Length > 0)
        {
            if (!parts[1].StartsWith("a=", StringComparison.Ordinal) || !TryUnescape(parts[1][2..], out authzid))
            {
                return ScramError.Malformed;
            }
        }

        var at = 2;
        if (parts[at].StartsWith("m=", StringComparison.Ordinal))
        {
            return ScramError.MandatoryExtension;
        }

        if (!parts[at].StartsWith("n=", StringComparison.Ordinal) || !TryUnescape(parts[at][2..], out var user)
            || !parts[at + 1].StartsWith("r=", StringComparison.Ordinal) || !IsNonce(parts[at + 1][2..])
            || !AreExtensions(parts.AsSpan(at + 2)))
        {
            return ScramError.Malformed;
        }

        var header = parts[0] + "," + parts[1] + ",";
        message = new ScramClientFirst(header, authzid, user, parts[at + 1][2..], text![header.Length..]);
        return ScramError.None;
    }

    /// <summary>Reads a client-final-message: p= must come last.</summary>
    public static ScramError TryParseClientFinal(string text, out ScramClientFinal? message)
    {
        message = null;
        var parts = (text ?? string.Empty).Split(',');
        if (parts.Length < 3
            || !parts[0].StartsWith("c=", StringComparison.Ordinal) || FromBase64(parts[0][2..]) is null
            || !parts[1].StartsWith("r=", StringComparison.Ordinal) || !IsNonce(parts[1][2..])
            || !parts[^1].StartsWith("p=", StringComparison.Ordinal) || FromBase64(parts[^1][2..]) is not { } proof
            || !AreExtensions(parts.AsSpan(2, parts.Length - 3)))
        {
            return ScramError.Malformed;
        }

        message = new ScramClientFinal(parts[0][2..], parts[1][2..], proof, text![..^(parts[^1].Length + 1)]);
        return ScramError.None;
    }

    /// <summary>Reads a server-first-message (the client's side).</summary>
    public static ScramError TryParseServerFirst(string text, out ScramServerFirst? message)
    {
        message = null;
        var parts = (text ?? string.Empty).Split(',');
        if (parts.Length > 0 && parts[0].StartsWith("m=", StringComparison.Ordinal))
        {
            return ScramError.MandatoryExtension;
        }

        if (parts.Length < 3
            || !parts[0].StartsWith("r=", StringComparison.Ordinal) || !IsNonce(parts[0][2..])
            || !parts[1].StartsWith("s=", StringComparison.Ordinal) || FromBase64(parts[1][2..]) is not { Length: > 0 } salt
            || !parts[2].StartsWith("i=", StringComparison.Ordinal)
            || !int.TryParse(parts[2].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1 || iterations > MaxIterations
            || !AreExtensions(parts.AsSpan(3)))
        {
            return ScramError.Malformed;
        }

        message = new ScramServerFirst(parts[0][2..], salt, iterations);
        return ScramError.None;
    }

    /// <summary>Reads a server-final-message (the client's side): the verifier, or null with the server's error (e=) or none.</summary>
    public static byte[]? TryParseServerFinal(string text, out string? error)
    {
        error = null;
        var first = (text ?? string.Empty).Split(',')[0];
        if (first.StartsWith("e=", StringComparison.Ordinal))
        {
            error = first[2..];
            return null;
        }

        return first.StartsWith("v=", StringComparison.Ordinal) ? FromBase64(first[2..]) : null;
    }

    /// <summary>client-first-message for <paramref name="user"/>: "n,," (no channel binding, no authzid) then the bare part.</summary>
    public static string ClientFirst(string user, string nonce) => "n,,n=" + Escape(user) + ",r=" + nonce;

    /// <summary>client-final-message-without-proof: c= the base64 of the gs2 header ("biws" for "n,,").</summary>
    public static string ClientFinalWithoutProof(string gs2Header, string nonce) =>
        "c=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(gs2Header)) + ",r=" + nonce;

    /// <summary>server-first-message.</summary>
    public static string ServerFirst(string nonce, byte[] salt, int iterations) =>
        string.Create(CultureInfo.InvariantCulture, $"r={nonce},s={Convert.ToBase64String(salt)},i={iterations}");

    /// <summary>server-final-message with the verifier.</summary>
    public static string ServerFinal(byte[] serverSignature) => "v=" + Convert.ToBase64String(serverSignature);

    /// <summary>A saslname: "," as "=2C" and "=" as "=3D".</summary>
    public static string Escape(string name) => name.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);

    /// <summary>Base64 to bytes; null when it is not base64 (never throws).</summary>
    public static byte[]? FromBase64(string text)
    {
        var buffer = new byte[((text.Length * 3) / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>Undoes <see cref="Escape"/>; false for an empty name or a "=" not starting "=2C"/"=3D".</summary>
    private static bool TryUnescape(string text, out string name)
    {
        name = string.Empty;
        if (text.Length == 0)
        {
            return false;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '=')
            {
                result.Append(text[i]);
            }
            else if (string.CompareOrdinal(text, i, "=2C", 0, 3) == 0)
            {
                result.Append(',');
                i += 2;
            }
            else if (string.CompareOrdinal(text, i, "=3D", 0, 3) == 0)
            {
                result.Append('=');
                i += 2;
            }
            else
            {
                return false;
            }
        }

        name = result.ToString();
        return true;
    }

    private static bool IsNonce(string text) => text.Length > 0 && text.All(c => c is >= '!' and <= '~' and not ',');

    /// <summary>Optional extensions: each "x=value" with a letter for its name.</summary>
    private static bool AreExtensions(ReadOnlySpan<string> parts)
    {
        foreach (var part in parts)
        {
            if (part.Length < 2 || !char.IsAsciiLetter(part[0]) || part[1] != '=')
            {
                return false;
            }
        }

        return true;
    }
}
