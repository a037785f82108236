using Piazza.Protocol.Irc;

namespace Piazza.Client.Irc;

/// <summary>
/// Accounts: logging in with SASL (https://ircv3.net/specs/extensions/sasl-3.1): SCRAM-SHA-256
/// when the server lists it in the sasl cap's value, else PLAIN; while
/// registering (with the password given on the command line) or later (/login), and registering
/// one (https://ircv3.net/specs/extensions/account-registration, /register). The password only
/// ever goes to the server: no event carries it.
/// </summary>
internal sealed partial class IrcClientSession
{
    private SaslStep _sasl;
    private string? _saslAccount;
    private string? _saslPassword;
    private SaslScram? _scram;
    private string _saslReceived = string.Empty;

    /// <summary>True while the exchange was asked for by the user (/login), not by registration: its outcome answers them.</summary>
    private bool _saslAsked;

    /// <summary>Where a SASL exchange is.</summary>
    private enum SaslStep
    {
        /// <summary>None started on this connection.</summary>
        None,

        /// <summary><c>AUTHENTICATE PLAIN</c> or <c>SCRAM-SHA-256</c> sent; waiting for the server's <c>AUTHENTICATE +</c>.</summary>
        Mechanism,

        /// <summary>The credentials (PLAIN) or client-first (SCRAM) sent; waiting for server-first, or 903, or a refusal.</summary>
        Credentials,

        /// <summary>SCRAM's client-final sent; waiting for server-final (v=).</summary>
        Proof,

        /// <summary>The server proved itself and we said "+"; waiting for 903.</summary>
        Verified,

        /// <summary>Over (and reported): late replies about it are not shown again.</summary>
        Done,
    }

    /// <summary>The account we are logged in to, as the server said (900, REGISTER SUCCESS); null when none.</summary>
    public string? Account { get; private set; }

    /// <summary>Logs in to <paramref name="account"/> now that we are registered (/login): SASL PLAIN, as while registering.</summary>
    /// <returns>False when an exchange is under way already.</returns>
    public bool LogIn(string account, string password)
    {
        if (_sasl is SaslStep.Mechanism or SaslStep.Credentials or SaslStep.Proof or SaslStep.Verified)
        {
            return false;
        }

        BeginSasl(account, password, asked: true);
        return true;
    }

    /// <summary>
    /// Registers our nick as an account with <paramref name="password"/> and logs in to it:
    /// <c>REGISTER * * :password</c> ("*": the account is the nick, no e-mail).
    /// </summary>
    public void Register(string password) =>
        Enqueue(IrcWriter.Format(null, null, "REGISTER", ["*", "*", password], trailing: true));

    /// <summary>The password was given and the server takes SASL PLAIN or SCRAM-SHA-256: ask for the sasl cap while negotiating.</summary>
    private bool WantsSasl() =>
        !string.IsNullOrEmpty(_settings.Password) && _offeredCaps.TryGetValue("sasl", out var mechanisms)
        && (SaslPlain.IsOffered(mechanisms) || SaslScram.IsOffered(mechanisms));

    /// <summary>Once sasl is acknowledged while registering: log in to the account asked for (by default the nick) before CAP END.</summary>
    private void LogInWhileRegistering() =>
        BeginSasl(_settings.Account ?? _settings.Nick, _settings.Password!, asked: false);

    private void BeginSasl(string account, string password, bool asked, bool mayScram = true)
    {
        _sasl = SaslStep.Mechanism;
        _saslAccount = account;
        _saslPassword = password;
        _saslAsked = asked;
        _saslReceived = string.Empty;
        _scram = mayScram && _offeredCaps.TryGetValue("sasl", out var mechanisms) && SaslScram.IsOffered(mechanisms) ? new SaslScram(account, password) : null;
        Send("AUTHENTICATE", _scram is null ? "PLAIN" : Protocol.Sasl.ScramSha256.Mechanism);
    }

    /// <summary>
    /// AUTHENTICATE from the server: "+" after the mechanism (PLAIN: the credentials, in chunks;
    /// SCRAM: client-first), then SCRAM's server-first and server-final, each in chunks of 400.
    /// A server whose v= is wrong does not hold the account's keys: the exchange is aborted
    /// (<c>AUTHENTICATE *</c>) and the login reported failed.
    /// </summary>
    private void OnAuthenticate(string chunk)
    {
        if (_sasl == SaslStep.Mechanism)
        {
            _sasl = SaslStep.Credentials;
            if (_scram is null)
            {
                SendChunks(SaslPlain.Chunks(_saslAccount!, _saslPassword!));
                _saslPassword = null;
            }
            else
            {
                // The password stays until the exchange ends, for the one fall-back to PLAIN (OnSaslNumeric).
                SendChunks(SaslPlain.ChunksOf(_scram.ClientFirst));
            }

            return;
        }

        if (_scram is null || _sasl is not (SaslStep.Credentials or SaslStep.Proof) || !TakeChunk(chunk, out var message))
        {
            return;
        }

        if (_sasl == SaslStep.Credentials)
        {
            if (_scram.ClientFinal(message, out var why) is { } final)
            {
                _sasl = SaslStep.Proof;
                SendChunks(SaslPlain.ChunksOf(final));
            }
            else
            {
                FailSasl(why!);
            }
        }
        else if (_scram.IsServerAuthentic(message))
        {
            _sasl = SaslStep.Verified;
            Send("AUTHENTICATE", "+");
        }
        else
        {
            FailSasl("the server could not prove it knows the account's password");
        }
    }

    /// <summary>Gathers a server message's chunks; true with the decoded whole once a chunk under 400 (or "+") ends it.</summary>
    private bool TakeChunk(string chunk, out string message)
    {
        message = string.Empty;
        if (chunk != "+")
        {
            _saslReceived += chunk;
        }

        if (chunk.Length == SaslPlain.ChunkLength && _saslReceived.Length < 8_000)
        {
            return false;
        }

        var payload = _saslReceived;
        _saslReceived = string.Empty;
        var bytes = new byte[payload.Length];
        if (!Convert.TryFromBase64String(payload, bytes, out var written))
        {
            return true;
        }

        message = System.Text.Encoding.UTF8.GetString(bytes, 0, written);
        return true;
    }

    private void SendChunks(IEnumerable<string> chunks)
    {
        foreach (var chunk in chunks)
        {
            Send("AUTHENTICATE", chunk);
        }
    }

    /// <summary>Our side gives up: abort the exchange and say why (the server's 906 that follows is not shown again).</summary>
    private void FailSasl(string why)
    {
        Send("AUTHENTICATE", "*");
        var after = _capNegotiating ? "; continuing without an account." : ".";
        _onEvent(new ServerTextEvent($"Login as {_saslAccount} failed: {why}{after}", IsError: true, IsReply: _saslAsked));
        EndSasl();
    }

    /// <summary>
    /// The SASL numerics:
    /// <code>
    ///   900 &lt;me&gt; &lt;mask&gt; &lt;account&gt; :You are now logged in as &lt;account&gt;    901 &lt;me&gt; &lt;mask&gt; :logged out
    ///   903 &lt;me&gt; :SASL authentication successful
    ///   902 (nick locked), 904 (failed), 905 (too long), 906 (aborted), 907 (already logged in) &lt;me&gt; :text
    ///   908 &lt;me&gt; &lt;mechanisms&gt; :are available SASL mechanisms
    /// </code>
    /// Whatever the outcome, a login while registering ends with CAP END, so registration goes on.
    /// A SCRAM login refused with 904 (not for throttling) is tried once more with PLAIN.
    /// </summary>
    private void OnSaslNumeric(string numeric, IReadOnlyList<string> p)
    {
        var inExchange = _sasl is SaslStep.Mechanism or SaslStep.Credentials or SaslStep.Proof or SaslStep.Verified;
        switch (numeric)
        {
            case "900" when p.Count > 2:
                // After REGISTER SUCCESS, which said so already, the 900 that follows is not news.
                if (!string.Equals(Account, p[2], StringComparison.OrdinalIgnoreCase))
                {
                    Account = p[2];
                    _onEvent(new ServerTextEvent($"You are logged in as {p[2]}.", IsReply: _saslAsked));
                }

                break;
            case "901":
                Account = null;
                Show(p);
                break;
            case "903" when inExchange:
                EndSasl();
                break;
            case "903" when _sasl == SaslStep.Done:
                break;
            case "904" when inExchange && _scram is not null && _saslPassword is not null
                && !p[^1].Contains("too many failures", StringComparison.Ordinal):
                // An account made before the server had SCRAM has no SCRAM keys until it logs in
                // with its password once (docs/protocol-irc.md): PLAIN, once, whose outcome is shown.
                BeginSasl(_saslAccount!, _saslPassword, _saslAsked, mayScram: false);
                break;
            case "902" or "904" or "905" or "906" or "907" or "908" when inExchange:
                var reason = string.Join(' ', p.Skip(1));
                var after = _capNegotiating ? "; continuing without an account." : ".";
                _onEvent(new ServerTextEvent($"Login as {_saslAccount} failed: {reason}{after}", IsError: true, IsReply: _saslAsked));
                EndSasl();
                break;
            case "902" or "904" or "905" or "906" or "907" or "908" when _sasl == SaslStep.Done:
                // 904 follows 908, and 906 may answer our CAP END: the failure was reported once.
                break;
            default:
                Show(p, isError: numeric != "908" && numeric != "903");
                break;
        }
    }

    private void EndSasl()
    {
        _sasl = SaslStep.Done;
        _saslPassword = null;
        _scram = null;
        EndCap();
    }

    /// <summary>REGISTER SUCCESS &lt;account&gt; :text (then 900), or REGISTER VERIFICATION_REQUIRED &lt;account&gt; :text.</summary>
    private void OnRegisterReply(IReadOnlyList<string> p)
    {
        if (p[0] == "SUCCESS")
        {
            Account = p[1];
            _onEvent(new ServerTextEvent($"Registered the account {p[1]}; you are logged in.", IsReply: true));
        }
        else
        {
            _onEvent(new ServerTextEvent($"{p[1]}: {p[^1]}", IsReply: true));
        }
    }
}
