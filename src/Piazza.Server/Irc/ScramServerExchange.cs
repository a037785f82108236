using System.Text;

using Piazza.Core;
using Piazza.Core.Accounts;
using Piazza.Protocol.Sasl;
using Piazza.Server.Accounts;

namespace Piazza.Server.Irc;

/// <summary>What the session does after a SCRAM step.</summary>
/// <param name="Reply">A message to send as AUTHENTICATE chunks (server-first, server-final), or null.</param>
/// <param name="Login">The login's outcome once the exchange is over; null while it goes on.</param>
/// <param name="Done">True when the exchange is over (<paramref name="Login"/> says how).</param>
internal readonly record struct ScramStep(string? Reply, LoginResult? Login, bool Done)
{
    public static ScramStep Failed => new(null, new LoginResult(LoginOutcome.Failed), true);
}

/// <summary>
/// One client's SCRAM-SHA-256 exchange (RFC 5802 §5, RFC 7677) as IRC carries it
/// (https://ircv3.net/specs/extensions/sasl-3.1; each message is one AUTHENTICATE payload):
/// <code>
///   C: AUTHENTICATE SCRAM-SHA-256                    S: AUTHENTICATE +
///   C: client-first   n,,n=alice,r=CNONCE            S: server-first  r=CNONCE SNONCE,s=SALT,i=4096
///   C: client-final   c=biws,r=CNONCE SNONCE,p=PROOF S: server-final  v=SIGNATURE
///   C: AUTHENTICATE +                                S: 900, 903
/// </code>
/// Refused with 904 (the session's part): channel binding (p=), an authzid other than the user,
/// a mandatory extension, anything off the grammar, c= other than the gs2 header's base64, a nonce
/// other than the one sent, a wrong proof, an unknown account, anything but "+" after v=.
/// </summary>
/// <remarks>Threads: the session's read loop only. No KDF runs here: the proof is checked with HMACs.</remarks>
internal sealed class ScramServerExchange(AccountAuthenticator accounts)
{
    private Stage _next = Stage.ClientFirst;
    private ScramClientFirst? _first;
    private ScramLookup? _lookup;
    private string _serverFirst = string.Empty;
    private LoginResult? _result;

    private enum Stage
    {
        ClientFirst,
        ClientFinal,
        Acknowledgement,
    }

    /// <summary>Takes the client's next message (a whole, decoded payload) and says what to do.</summary>
    public ValueTask<ScramStep> TakeAsync(string message, ChatHub hub, string host, string who) => _next switch
    {
        Stage.ClientFirst => TakeClientFirstAsync(message, hub, host, who),
        Stage.ClientFinal => ValueTask.FromResult(TakeClientFinal(message, host, who)),
        _ => ValueTask.FromResult(message.Length == 0 ? new ScramStep(null, _result, true) : ScramStep.Failed),
    };

    private async ValueTask<ScramStep> TakeClientFirstAsync(string message, ChatHub hub, string host, string who)
    {
        if (ScramMessages.TryParseClientFirst(message, out var first) != ScramError.None
            || (first!.Authzid is { } authzid && !NickName.Comparer.Equals(authzid, first.UserName)))
        {
            return ScramStep.Failed;
        }

        var (lookup, wait) = await accounts.BeginScramAsync(hub, first.UserName, host, who);
        if (lookup is null)
        {
            return new ScramStep(null, new LoginResult(LoginOutcome.Throttled, Wait: wait), true);
        }

        (_first, _lookup, _next) = (first, lookup, Stage.ClientFinal);
        _serverFirst = ScramMessages.ServerFirst(first.Nonce + ScramSha256.NewNonce(), lookup.Credential.Salt, lookup.Credential.Iterations);
        return new ScramStep(_serverFirst, null, false);
    }

    private ScramStep TakeClientFinal(string message, string host, string who)
    {
        var expectedNonce = _serverFirst[2.._serverFirst.IndexOf(',', StringComparison.Ordinal)];
        if (ScramMessages.TryParseClientFinal(message, out var final) != ScramError.None
            || final!.ChannelBinding != Convert.ToBase64String(Encoding.UTF8.GetBytes(_first!.Gs2Header))
            || final.Nonce != expectedNonce)
        {
            return ScramStep.Failed;
        }

        var authMessage = ScramSha256.AuthMessage(_first.Bare, _serverFirst, final.WithoutProof);
        var result = accounts.FinishScram(_lookup!, _first.UserName, authMessage, final.Proof, host, who, out var signature);
        if (result.Outcome != LoginOutcome.LoggedIn)
        {
            return new ScramStep(null, result, true);
        }

        (_result, _next) = (result, Stage.Acknowledgement);
        return new ScramStep(ScramMessages.ServerFinal(signature!), null, false);
    }
}
