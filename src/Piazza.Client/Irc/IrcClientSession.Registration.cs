using System.Globalization;

namespace Piazza.Client.Irc;

/// <summary>
/// Registration: CAP negotiation (https://ircv3.net/specs/extensions/capability-negotiation),
/// PASS/NICK/USER, a SASL login before CAP END when a password is given, a free nick.
/// </summary>
internal sealed partial class IrcClientSession
{
    /// <summary>The caps the client uses when offered; anything else the server lists is left off.</summary>
    internal static readonly IReadOnlyList<string> WantedCaps =
    [
        "server-time", "message-tags", "echo-message", "batch", "multi-prefix", "draft/chathistory", "cap-notify",
        "draft/channel-rename",
        "standard-replies",
    ];

    private readonly HashSet<string> _enabledCaps = new(StringComparer.Ordinal);

    /// <summary>The caps the server lists, with their values (CAP LS 302: "sasl=PLAIN"; null for none).</summary>
    private readonly Dictionary<string, string?> _offeredCaps = new(StringComparer.Ordinal);
    private bool _capNegotiating;
    private bool _welcomed;
    private bool _motdDone;
    private int _nickAttempt = 1;

    private void StartRegistration()
    {
        _capNegotiating = true;
        Send("CAP", "LS", "302");
        if (!string.IsNullOrEmpty(_settings.Password))
        {
            Send("PASS", _settings.Password);
        }

        Send("NICK", Nick);
        Send("USER", _settings.UserName, "0", "*", _settings.RealName);
    }

    private void OnCap(IReadOnlyList<string> p)
    {
        // CAP <nick> <sub> [*] :caps — the "*" marks a list continued on the next line.
        if (p.Count < 3)
        {
            return;
        }

        var sub = p[1].ToUpperInvariant();
        var more = p.Count > 3 && p[2] == "*";
        var list = p[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (sub)
        {
            case "LS":
                foreach (var cap in list)
                {
                    var parts = cap.Split('=', 2);
                    _offeredCaps[parts[0]] = parts.Length > 1 ? parts[1] : null;
                }

                if (!more && _capNegotiating)
                {
                    // sasl only with a password to log in with (and only PLAIN, the one mechanism spoken here).
                    var request = WantedCaps.Where(_offeredCaps.ContainsKey).Concat(WantsSasl() ? ["sasl"] : []).ToArray();
                    if (request.Length == 0)
                    {
                        EndCap();
                    }
                    else
                    {
                        Send("CAP", "REQ", string.Join(' ', request));
                    }
                }

                break;
            case "ACK":
                foreach (var cap in list)
                {
                    if (cap.StartsWith('-'))
                    {
                        _enabledCaps.Remove(cap[1..]);
                    }
                    else
                    {
                        _enabledCaps.Add(cap);
                    }
                }

                if (_capNegotiating && _sasl == SaslStep.None && _enabledCaps.Contains("sasl") && !string.IsNullOrEmpty(_settings.Password))
                {
                    // CAP END waits for the login's outcome, so that we enter logged in.
                    LogInWhileRegistering();
                }
                else
                {
                    EndCap();
                }

                break;
            case "NAK":
                EndCap();
                break;
            case "NEW":
                var wanted = list.Select(c => c.Split('=', 2)[0]).Where(c => WantedCaps.Contains(c) && !_enabledCaps.Contains(c)).ToArray();
                if (wanted.Length > 0)
                {
                    Send("CAP", "REQ", string.Join(' ', wanted));
                }

                break;
            case "DEL":
                foreach (var cap in list)
                {
                    _enabledCaps.Remove(cap);
                }

                break;
            default:
                break;
        }
    }

    private void EndCap()
    {
        if (_capNegotiating)
        {
            _capNegotiating = false;
            Send("CAP", "END");
        }
    }

    private void OnWelcome(string? source, IReadOnlyList<string> p)
    {
        _welcomed = true;
        _capNegotiating = false;
        if (p.Count > 0 && p[0].Length > 0)
        {
            if (!string.Equals(p[0], _settings.Nick, StringComparison.OrdinalIgnoreCase))
            {
                _onEvent(new ServerTextEvent($"The nickname {_settings.Nick} is taken; you are {p[0]}."));
            }

            Nick = p[0];
        }

        _serverName = source ?? _settings.Host;
    }

    /// <summary>End of MOTD (or no MOTD): registration is over, the client may join.</summary>
    private void OnRegistrationComplete()
    {
        if (_welcomed && !_motdDone)
        {
            _motdDone = true;
            _registered.TrySetResult(Nick);
            _onEvent(new RegisteredEvent(Nick, _serverName ?? _settings.Host));
        }
    }

    /// <summary>433 (in use), 432 (erroneous) or 437 (unavailable) while registering: try another nick.</summary>
    private void OnNickRefused(string numeric, IReadOnlyList<string> p)
    {
        var refused = p.Count > 1 ? p[1] : Nick;
        var reason = p.Count > 2 ? p[^1] : "refused";
        if (_welcomed)
        {
            _onEvent(new ServerTextEvent($"{refused}: {reason}", IsError: true));
            return;
        }

        if (numeric == "432" && _settings.Nick.Length <= 9)
        {
            // Nothing shorter to fall back to: the nick itself is wrong for this server.
            _errorReason = $"the server refuses the nickname {refused}: {reason}";
            Abort();
            return;
        }

        if (++_nickAttempt > 50)
        {
            _errorReason = "no free nickname found";
            Abort();
            return;
        }

        Nick = NextNick(_settings.Nick, _nickAttempt, numeric == "432" ? 9 : Math.Max(Features.NickLength, _settings.Nick.Length));
        Send("NICK", Nick);
    }

    /// <summary>"alice" → "alice2", "alice3"…; cut so that the number fits in <paramref name="maxLength"/>.</summary>
    internal static string NextNick(string wanted, int attempt, int maxLength)
    {
        var suffix = attempt.ToString(CultureInfo.InvariantCulture);
        var keep = Math.Max(1, Math.Min(wanted.Length, maxLength - suffix.Length));
        return wanted[..keep] + suffix;
    }
}
