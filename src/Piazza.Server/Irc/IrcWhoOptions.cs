namespace Piazza.Server.Irc;

/// <summary>
/// WHO's second parameter, <c>[flags][%fields[,token]]</c> (https://ircv3.net/specs/extensions/whox):
/// <c>o</c> asks for server operators only; <c>%fields</c> asks for a 354 with those fields;
/// <c>,token</c> is a number of 1-3 digits the client gets back as field <c>t</c>.
/// </summary>
/// <param name="OperatorsOnly">The <c>o</c> flag was given.</param>
/// <param name="Fields">The WHOX fields asked for (letters outside <see cref="Order"/> dropped); null for a plain WHO (352).</param>
/// <param name="Token">The token echoed as field <c>t</c>; <c>0</c> when none or not 1-3 digits.</param>
internal sealed record IrcWhoOptions(bool OperatorsOnly, string? Fields, string Token)
{
    /// <summary>The WHOX fields, in the order a 354 gives them whatever order they were asked in.</summary>
    public const string Order = "tcuihsnfdlaor";

    /// <summary>Reads the parameter; never throws, whatever the client sent.</summary>
    public static IrcWhoOptions Parse(string parameter)
    {
        var percent = parameter.IndexOf('%', StringComparison.Ordinal);
        var flags = percent < 0 ? parameter : parameter[..percent];
        var operatorsOnly = flags.Contains('o', StringComparison.Ordinal);
        if (percent < 0)
        {
            return new IrcWhoOptions(operatorsOnly, null, "0");
        }

        var rest = parameter[(percent + 1)..];
        var comma = rest.IndexOf(',', StringComparison.Ordinal);
        var fields = new string([.. (comma < 0 ? rest : rest[..comma]).Where(c => Order.Contains(c, StringComparison.Ordinal)).Distinct()]);
        var token = comma < 0 ? string.Empty : rest[(comma + 1)..];
        var validToken = token.Length is >= 1 and <= 3 && token.All(char.IsAsciiDigit);
        return new IrcWhoOptions(operatorsOnly, fields, validToken ? token : "0");
    }
}
