using Piazza.Protocol.Sasl;

namespace Piazza.Client.Irc;

/// <summary>
/// The client's side of one SASL SCRAM-SHA-256 exchange (RFC 5802 §3, RFC 7677), message by
/// message; the server sees a proof, never the password, and proves in turn that it holds the
/// account's keys. No I/O (<see cref="IrcClientSession"/> carries the messages in AUTHENTICATE
/// chunks):
/// <code>
///   client-first "n,,n=alice,r=CNONCE" → server-first "r=CNONCE SNONCE,s=SALT,i=N"
///   → client-final "c=biws,r=CNONCE SNONCE,p=PROOF" (the KDF: N iterations, here) → server-final "v=SIGNATURE"
/// </code>
/// </summary>
internal sealed class SaslScram(string account, string password)
{
    private readonly string _nonce = ScramSha256.NewNonce();
    private string? _password = password;
    private byte[]? _serverKey;
    private string? _authMessage;

    /// <summary>
    /// True when the value of the <c>sasl</c> cap (CAP LS 302: "PLAIN,SCRAM-SHA-256") names
    /// SCRAM-SHA-256; without a list (before 302) the client keeps to PLAIN, which every server has.
    /// </summary>
    public static bool IsOffered(string? capValue) =>
        !string.IsNullOrEmpty(capValue)
        && capValue.Split(',', StringSplitOptions.RemoveEmptyEntries).Contains(ScramSha256.Mechanism, StringComparer.OrdinalIgnoreCase);

    /// <summary>client-first-message.</summary>
    public string ClientFirst => ScramMessages.ClientFirst(account, _nonce);

    /// <summary>
    /// client-final-message for the server's <paramref name="serverFirst"/>; null (and why) when it
    /// is malformed or its nonce does not extend ours. Runs the KDF, then forgets the password.
    /// </summary>
    public string? ClientFinal(string serverFirst, out string? why)
    {
        why = null;
        if (ScramMessages.TryParseServerFirst(serverFirst, out var first) != ScramError.None
            || !first!.Nonce.StartsWith(_nonce, StringComparison.Ordinal) || first.Nonce.Length == _nonce.Length
            || _password is null)
        {
            why = "the server's SCRAM challenge was malformed";
            return null;
        }

        var salted = ScramSha256.SaltedPassword(_password, first.Salt, first.Iterations);
        _password = null;
        var clientKey = ScramSha256.ClientKey(salted);
        _serverKey = ScramSha256.ServerKey(salted);
        var withoutProof = ScramMessages.ClientFinalWithoutProof("n,,", first.Nonce);
        _authMessage = ScramSha256.AuthMessage(ClientFirst[3..], serverFirst, withoutProof);
        return withoutProof + ",p=" + Convert.ToBase64String(ScramSha256.ClientProof(clientKey, _authMessage));
    }

    /// <summary>True when <paramref name="serverFinal"/> is v= with the signature only a server holding the account's keys can make.</summary>
    public bool IsServerAuthentic(string serverFinal) =>
        _serverKey is not null && _authMessage is not null
        && ScramMessages.TryParseServerFinal(serverFinal, out _) is { } signature
        && ScramSha256.VerifyServerSignature(_serverKey, _authMessage, signature);
}
