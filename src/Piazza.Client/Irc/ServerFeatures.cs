using System.Globalization;

using Piazza.Protocol.Irc;

namespace Piazza.Client.Irc;

/// <summary>
/// What a server announced about itself in RPL_ISUPPORT (005) and CAP: the few features the
/// client adapts to. Defaults are RFC 1459's, for servers that say nothing.
/// </summary>
internal sealed class ServerFeatures
{
    /// <summary>Characters that start a channel name.</summary>
    public string ChannelTypes { get; private set; } = "#&";

    /// <summary>Member prefixes, highest first ('@', '+').</summary>
    public string PrefixSymbols { get; private set; } = "@+";

    /// <summary>The longest nick the server accepts; RFC 1459 said 9.</summary>
    public int NickLength { get; private set; } = 9;

    /// <summary>Most messages one CHATHISTORY request returns; 0 when the server has none.</summary>
    public int ChatHistoryLimit { get; private set; }

    /// <summary>
    /// How many nicks our MONITOR list may hold (https://ircv3.net/specs/extensions/monitor):
    /// 0 when the server has no MONITOR, <see cref="int.MaxValue"/> for a bare <c>MONITOR</c> (no limit).
    /// </summary>
    public int MonitorLimit { get; private set; }

    /// <summary>The network's name, when given.</summary>
    public string? Network { get; private set; }

    /// <summary>Reads the tokens of one 005 line (its parameters between our nick and the trailing text).</summary>
    public void Apply(IEnumerable<string> tokens)
    {
        foreach (var token in tokens)
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? token : token[..equals];
            var value = equals < 0 ? string.Empty : token[(equals + 1)..];
            switch (key)
            {
                case "CHANTYPES" when value.Length > 0:
                    ChannelTypes = value;
                    break;
                case "PREFIX":
                    // "(ov)@+": the symbols follow the closing parenthesis.
                    var close = value.IndexOf(')', StringComparison.Ordinal);
                    PrefixSymbols = close >= 0 ? value[(close + 1)..] : string.Empty;
                    break;
                case "NICKLEN" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length > 0:
                    NickLength = length;
                    break;
                case "CHATHISTORY" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit):
                    ChatHistoryLimit = limit == 0 ? 1000 : limit;
                    break;
                case "MONITOR" when value.Length == 0:
                    MonitorLimit = int.MaxValue;
                    break;
                case "MONITOR" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var watchable):
                    MonitorLimit = watchable;
                    break;
                case "NETWORK" when value.Length > 0:
                    Network = value;
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>True when <paramref name="target"/> names a channel rather than a nick.</summary>
    public bool IsChannel(string target) => target.Length > 0 && ChannelTypes.Contains(target[0], StringComparison.Ordinal);

    /// <summary>Splits a NAMES entry into its highest prefix and the nick (multi-prefix sends several; userhost-in-names a mask).</summary>
    public ChannelMember ParseMember(string entry)
    {
        var at = 0;
        while (at < entry.Length && PrefixSymbols.Contains(entry[at], StringComparison.Ordinal))
        {
            at++;
        }

        return new ChannelMember(IrcSource.Parse(entry[at..]).Nick, at > 0 ? entry[0] : null);
    }
}
