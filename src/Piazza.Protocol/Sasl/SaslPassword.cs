using System.Globalization;
using System.Text;

namespace Piazza.Protocol.Sasl;

/// <summary>
/// How a password becomes the bytes a KDF sees, the same on the server (PLAIN, /login, REGISTER)
/// and in every SCRAM client that prepares passwords (RFC 5802 §2.2 asks for SASLprep; RFC 7613
/// §4.2's OpaqueString profile replaces it): its additional mapping rule only.
/// <code>
///   Normalize(p) = p with every non-ASCII space (Unicode Zs, e.g. U+00A0) mapped to U+0020
/// </code>
/// An ASCII password is left as it is, so a client that does no preparation at all (most IRC
/// clients) agrees with the server for ASCII passwords. Not applied: OpaqueString's NFC
/// normalisation (Piazza runs with InvariantGlobalization, without ICU, where
/// <see cref="string.Normalize()"/> changes nothing; a rule that depended on the host would hash one
/// password two ways), and its refusals (control characters, unassigned code points: a password
/// the server took yesterday still logs in today). A non-ASCII password therefore logs in with
/// SCRAM only from clients that send it in the form it was registered in (usually NFC already).
/// </summary>
public static class SaslPassword
{
    /// <summary>The password as hashed: non-ASCII spaces to U+0020.</summary>
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

        return mapped.ToString();
    }
}
