using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Piazza.Server.Operators;

/// <summary>
/// Operator passwords under a slow KDF: PBKDF2 with HMAC-SHA256 from the BCL
/// (<see cref="Rfc2898DeriveBytes.Pbkdf2(byte[], byte[], int, HashAlgorithmName, int)"/>), a random
/// 16-byte salt, 600,000 iterations (OWASP's 2023 figure for PBKDF2-HMAC-SHA256), in a string that
/// says how it was made, so the iteration count can grow without breaking stored hashes:
/// <code>
///   hash = "pbkdf2-sha256$" iterations "$" base64(salt) "$" base64(32-byte key)
///   e.g.  pbkdf2-sha256$600000$q1y0…==$Jc3v…=
/// </code>
/// Verifying costs what hashing does (about half a second of one core); callers keep it off
/// the read loops (<see cref="OperatorAuthenticator"/>).
/// </summary>
internal static class PasswordHash
{
    /// <summary>The scheme's name, the first field of the string.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Iterations for new hashes.</summary>
    public const int Iterations = 600_000;

    /// <summary>The fewest iterations a stored hash may have: fewer is refused at startup as too weak.</summary>
    public const int MinIterations = 600_000;

    /// <summary>A ceiling so a hostile setting cannot make each check take minutes.</summary>
    public const int MaxIterations = 10_000_000;

    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    /// <summary>Hashes <paramref name="password"/> with a new random salt.</summary>
    public static string Hash(string password, int iterations = Iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Derive(password, salt, iterations);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}");
    }

    /// <summary>Reads a hash string; null and a reason when it is not one this code can check.</summary>
    public static ParsedHash? TryParse(string? text, out string? why) => TryParse(text, MinIterations, out why);

    /// <summary>
    /// Reads a hash string that may have as few as <paramref name="minIterations"/> iterations (an
    /// account's, made under a lowered <c>Accounts:PasswordIterations</c>); null and a reason when not.
    /// </summary>
    public static ParsedHash? TryParse(string? text, int minIterations, out string? why)
    {
        why = null;
        var parts = (text ?? string.Empty).Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            why = $"is not a {Scheme}$ITERATIONS$SALT$HASH string; make one with: piazza-server hash-password";
            return null;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < minIterations || iterations > MaxIterations)
        {
            why = $"has {parts[1]} iterations; it needs {minIterations} to {MaxIterations}";
            return null;
        }

        var salt = FromBase64(parts[2]);
        var key = FromBase64(parts[3]);
        if (salt is null || salt.Length < SaltBytes || key is null || key.Length != KeyBytes)
        {
            why = $"has a salt or hash that is not base64 of {SaltBytes}+ and {KeyBytes} bytes";
            return null;
        }

        return new ParsedHash(iterations, salt, key);
    }

    /// <summary>True when <paramref name="password"/> derives <paramref name="hash"/>'s key; compared in constant time.</summary>
    public static bool Verify(string password, ParsedHash hash) =>
        CryptographicOperations.FixedTimeEquals(Derive(password, hash.Salt, hash.Iterations), hash.Key);

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, KeyBytes);

    private static byte[]? FromBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}

/// <summary>A stored hash, read: its iterations, salt and derived key.</summary>
internal sealed record ParsedHash(int Iterations, byte[] Salt, byte[] Key);
