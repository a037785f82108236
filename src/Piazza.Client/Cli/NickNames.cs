using System.Text;

namespace Piazza.Client.Cli;

/// <summary>Which nicknames IRC accepts (https://modern.ircdocs.horse/#clients), and one made from a login name.</summary>
internal static class NickNames
{
    private const string Special = "[]\\`_^{|}";

    /// <summary>Why <paramref name="nick"/> cannot be a nickname, or null when it can.</summary>
    public static string? Problem(string nick)
    {
        if (nick.Length == 0)
        {
            return "a nickname cannot be empty";
        }

        if (char.IsAsciiDigit(nick[0]) || nick[0] == '-')
        {
            return "a nickname cannot start with a digit or '-'";
        }

        foreach (var c in nick)
        {
            if (!IsNickChar(c))
            {
                return $"'{c}' cannot be in a nickname (letters, digits, - and {Special} can)";
            }
        }

        return null;
    }

    /// <summary>The login name made into a nickname: other characters dropped, "guest" when nothing is left.</summary>
    public static string FromLogin(string login)
    {
        var nick = new StringBuilder();
        foreach (var c in login)
        {
            if (IsNickChar(c) && (nick.Length > 0 || !(char.IsAsciiDigit(c) || c == '-')))
            {
                nick.Append(c);
            }
        }

        return nick.Length == 0 ? "guest" : nick.ToString();
    }

    private static bool IsNickChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-' || Special.Contains(c, StringComparison.Ordinal);
}
