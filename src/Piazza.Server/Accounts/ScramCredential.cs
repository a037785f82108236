using System.Globalization;
using System.Security.Cryptography;

using Piazza.Protocol.Sasl;
using Piazza.Server.Operators;

namespace Piazza.Server.Accounts;

/// <summary>
/// An account's password as stored since SCRAM-SHA-256 (RFC 5802 §3, RFC 7677): not a hash to
/// recompute but SCRAM's two server keys, which serve both mechanisms:
/// <code>
///   credential = "scram-sha-256$" iterations "$" base64(salt) "$" base64(StoredKey) "$" base64(ServerKey)
///   e.g.  scram-sha-256$600000$q1y0…==$Jc3v…=$8fQ2…=
///   SaltedPassword = PBKDF2-HMAC-SHA256(Normalize(password), salt, iterations, 32)   ; SCRAM's Hi()
///   StoredKey = SHA256(HMAC(SaltedPassword, "Client Key"))   ServerKey = HMAC(SaltedPassword, "Server Key")
/// </code>
/// PLAIN and /login check a password by deriving SaltedPassword (the slow part) and comparing
/// its StoredKey in constant time; SCRAM checks a client's proof against StoredKey with two HMACs
/// and proves itself with ServerKey. Neither key lets anyone log in: a stolen file still has to
/// be cracked one guess at a KDF at a time.
/// </summary>
/// <remarks>
/// Account hashes made before (<see cref="PasswordHash"/>'s <c>pbkdf2-sha256$…</c>) hold
/// SaltedPassword itself, which would let whoever reads (or once read) the file log in with SCRAM,
/// so they are never used for SCRAM, nor converted as they are (<see cref="FromSaltedPassword"/>
/// could, with two HMACs): at the next PLAIN or /login success the password is derived again with a
/// new salt.
/// </remarks>
internal sealed record ScramCredential(int Iterations, byte[] Salt, byte[] StoredKey, byte[] ServerKey)
{
    /// <summary>The scheme's name, the first field of the string.</summary>
    public const string Scheme = "scram-sha-256";

    /// <summary>Random salt bytes for a new credential.</summary>
    public const int SaltBytes = 16;

    /// <summary>Derives a credential for <paramref name="password"/> with a new random salt. Slow: the KDF.</summary>
    public static ScramCredential Create(string password, int iterations) =>
        Create(password, RandomNumberGenerator.GetBytes(SaltBytes), iterations);

    /// <summary>Derives a credential for <paramref name="password"/> with <paramref name="salt"/>. Slow: the KDF.</summary>
    public static ScramCredential Create(string password, byte[] salt, int iterations) =>
        FromSaltedPassword(salt, iterations, ScramSha256.SaltedPassword(password, salt, iterations));

    /// <summary>The credential whose SaltedPassword is <paramref name="saltedPassword"/> (a legacy hash's key): two HMACs.</summary>
    public static ScramCredential FromSaltedPassword(byte[] salt, int iterations, byte[] saltedPassword) =>
        new(iterations, salt, ScramSha256.StoredKey(ScramSha256.ClientKey(saltedPassword)), ScramSha256.ServerKey(saltedPassword));

    /// <summary>
    /// Reads a stored string; null when it is not a well-formed scram-sha-256 credential with
    /// <paramref name="minIterations"/> to <see cref="PasswordHash.MaxIterations"/> iterations, a
    /// salt of 16+ bytes and two 32-byte keys. Never throws.
    /// </summary>
    public static ScramCredential? TryParse(string? text, int minIterations)
    {
        var parts = (text ?? string.Empty).Split('$');
        if (parts.Length != 5 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < minIterations || iterations > PasswordHash.MaxIterations)
        {
            return null;
        }

        var salt = ScramMessages.FromBase64(parts[2]);
        var storedKey = ScramMessages.FromBase64(parts[3]);
        var serverKey = ScramMessages.FromBase64(parts[4]);
        return salt is { Length: >= SaltBytes } && storedKey is { Length: ScramSha256.KeyBytes } && serverKey is { Length: ScramSha256.KeyBytes }
            ? new ScramCredential(iterations, salt, storedKey, serverKey)
            : null;
    }

    /// <summary>True when <paramref name="password"/> makes this credential's StoredKey (the KDF, then a constant-time compare).</summary>
    public bool Verify(string password) =>
        CryptographicOperations.FixedTimeEquals(
            ScramSha256.StoredKey(ScramSha256.ClientKey(ScramSha256.SaltedPassword(password, Salt, Iterations))), StoredKey);

    /// <summary>The stored string (not ToString: a record's ToString could end up in a log).</summary>
    public string Format() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Scheme}${Iterations}${Convert.ToBase64String(Salt)}${Convert.ToBase64String(StoredKey)}${Convert.ToBase64String(ServerKey)}");
}
