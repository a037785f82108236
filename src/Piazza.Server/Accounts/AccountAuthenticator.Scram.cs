using System.Security.Cryptography;
using System.Text;

using Piazza.Core;
using Piazza.Core.Accounts;
using Piazza.Protocol.Sasl;

namespace Piazza.Server.Accounts;

/// <summary>What the server knows of an account when a SCRAM exchange starts: real or made up.</summary>
/// <param name="Account">The account, when it exists and has a SCRAM credential; else null.</param>
/// <param name="Credential">Its credential, or a made-up one (<see cref="AccountAuthenticator.BeginScram"/>).</param>
/// <param name="Why">For the log when the exchange fails without a real credential.</param>
internal sealed record ScramLookup(AccountRecord? Account, ScramCredential Credential, string Why);

/// <summary>
/// SCRAM-SHA-256's server side (RFC 5802 §5): the costly KDF is the client's; the server looks up
/// the stored keys and checks the proof with two HMACs and a hash, so nothing here leaves the
/// read loop or takes a KDF slot.
/// </summary>
internal sealed partial class AccountAuthenticator
{
    /// <summary>A secret made at startup, for the salts of accounts that do not exist (never stored or logged).</summary>
    private readonly byte[] _fakeSaltKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>
    /// The salt and iterations for an exchange with <paramref name="name"/>, throttled per account
    /// and per <paramref name="host"/> as a password login is; null (and how long to wait) when
    /// throttled. On a node of a cluster the account is read from the store the nodes share
    /// (<see cref="AccountList.FindAsync"/>). An unknown account, or one whose password is still stored in the format before
    /// SCRAM, gets a salt derived from its name and a startup secret (the same one every time
    /// while the server runs, like a real one) and the current iteration count, so the answer
    /// does not tell whether the account exists; <see cref="FinishScram"/> then fails it as a
    /// wrong password.
    /// </summary>
    public async Task<(ScramLookup? Lookup, TimeSpan Wait)> BeginScramAsync(ChatHub hub, string name, string host, string who)
    {
        if (!_throttle.MayTry(name, host, out var wait))
        {
            LogThrottled(_logger, Printable(name), who, (int)Math.Ceiling(wait.TotalSeconds));
            return (null, wait);
        }

        var account = await hub.Accounts.FindAsync(name);
        if (account is not null && ScramCredential.TryParse(account.PasswordHash, AccountOptionsValidator.MinIterations) is { } credential)
        {
            return (new ScramLookup(account, credential, string.Empty), TimeSpan.Zero);
        }

        var salt = HMACSHA256.HashData(_fakeSaltKey, Encoding.UTF8.GetBytes("salt " + name.ToUpperInvariant()))[..ScramCredential.SaltBytes];
        var fake = new ScramCredential(_options.PasswordIterations, salt, RandomNumberGenerator.GetBytes(ScramSha256.KeyBytes), RandomNumberGenerator.GetBytes(ScramSha256.KeyBytes));
        return (new ScramLookup(null, fake, account is null ? "no such account" : "no SCRAM credential yet (log in once with a password)"), TimeSpan.Zero);
    }

    /// <summary>
    /// Checks a client's proof for the exchange <paramref name="lookup"/> began; on success the
    /// account and the server signature to send (v=). A wrong proof counts as a failed login for
    /// the account and <paramref name="host"/>.
    /// </summary>
    public LoginResult FinishScram(ScramLookup lookup, string name, string authMessage, byte[] proof, string host, string who, out byte[]? serverSignature)
    {
        serverSignature = null;
        if (!_throttle.MayTry(name, host, out var wait))
        {
            // Another connection's failures since this exchange began: the same answer as at the start.
            LogThrottled(_logger, Printable(name), who, (int)Math.Ceiling(wait.TotalSeconds));
            return new LoginResult(LoginOutcome.Throttled, Wait: wait);
        }

        var matches = ScramSha256.VerifyProof(lookup.Credential.StoredKey, authMessage, proof);
        if (lookup.Account is null || !matches)
        {
            _throttle.Failed(name, host);
            LogFailed(_logger, Printable(name), who, lookup.Account is null ? lookup.Why : "wrong password (SCRAM proof)");
            return new LoginResult(LoginOutcome.Failed);
        }

        _throttle.Succeeded(name);
        LogLoggedIn(_logger, lookup.Account.Name, who, ScramSha256.Mechanism);
        serverSignature = ScramSha256.ServerSignature(lookup.Credential.ServerKey, authMessage);
        return new LoginResult(LoginOutcome.LoggedIn, lookup.Account);
    }
}
