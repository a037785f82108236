using System.Globalization;
using System.Text;

namespace Piazza.Protocol.Sasl;

/// <summary>
/// How a password becomes the bytes a KDF sees, the same on the server (PLAIN, /login, REGISTER)
/// and in every SCRAM client that prepares passwords (RFC 5802 §2.2 asks for SASLprep; RFC 7613
/// §4.2's OpaqueString profile replaces it): its mapping and normalisation only.
/// <code>
///   Normalize(p) = NFC( p with every non-ASCII space (Unicode Zs) mapped to U+0020 )
/// </code>
/// An ASCII password is left as it is, so a client that does no preparation at all (most IRC
/// clients) agrees with the server for ASCII passwords. OpaqueString's refusals (control
/// characters, unassigned code points) are not applied: a password the server took yesterday
/// still logs in today.
/// </summary>
public static class SaslPassword
{
    /// <summary>The password as hashed: non-ASCII spaces to U+0020, then Unicode NFC.</summary>
    public static string Normalize(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (Ascii.IsValid(password))
        {
            return password;
        }

        var mapped = new StringBuilder(password.Length);
        foreach (var c in password)
        {
            mapped.Append(c > '\x7f' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator ? ' ' : c);
        }

        var text = mapped.ToString();
        try
        {
            return text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // A lone surrogate cannot be normalised: hash it as it is (its UTF-8 is lossy either way).
            return text;
        }
    }
}
