using System.Security.Cryptography;
using System.Text;

namespace Piazza.Protocol.Sasl;

/// <summary>
/// The arithmetic of SCRAM-SHA-256 (RFC 5802 §3, with SHA-256 as RFC 7677 names it), shared by the
/// server (which keeps only <c>StoredKey</c> and <c>ServerKey</c>) and the client:
/// <code>
///   SaltedPassword  = Hi(Normalize(password), salt, i)     ; = PBKDF2-HMAC-SHA256(…, 32 bytes)
///   ClientKey       = HMAC(SaltedPassword, "Client Key")
///   StoredKey       = H(ClientKey)
///   AuthMessage     = client-first-message-bare + "," + server-first-message + "," +
///                     client-final-message-without-proof
///   ClientSignature = HMAC(StoredKey, AuthMessage)
///   ClientProof     = ClientKey XOR ClientSignature
///   ServerKey       = HMAC(SaltedPassword, "Server Key")
///   ServerSignature = HMAC(ServerKey, AuthMessage)
/// </code>
/// Only <see cref="SaltedPassword"/> is slow (the iterations); everything else is a few HMACs.
/// </summary>
public static class ScramSha256
{
    /// <summary>The mechanism's name in AUTHENTICATE and in the sasl cap's value.</summary>
    public const string Mechanism = "SCRAM-SHA-256";

    /// <summary>The length of every key, signature and proof: SHA-256's output.</summary>
    public const int KeyBytes = 32;

    private static readonly byte[] ClientKeyLabel = "Client Key"u8.ToArray();
    private static readonly byte[] ServerKeyLabel = "Server Key"u8.ToArray();

    /// <summary>Hi(password, salt, i): PBKDF2-HMAC-SHA256 of the normalised password (<see cref="SaslPassword.Normalize"/>). Slow by design.</summary>
    public static byte[] SaltedPassword(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(SaslPassword.Normalize(password)), salt, iterations, HashAlgorithmName.SHA256, KeyBytes);

    /// <summary>ClientKey = HMAC(SaltedPassword, "Client Key").</summary>
    public static byte[] ClientKey(byte[] saltedPassword) => HMACSHA256.HashData(saltedPassword, ClientKeyLabel);

    /// <summary>StoredKey = H(ClientKey).</summary>
    public static byte[] StoredKey(byte[] clientKey) => SHA256.HashData(clientKey);

    /// <summary>ServerKey = HMAC(SaltedPassword, "Server Key").</summary>
    public static byte[] ServerKey(byte[] saltedPassword) => HMACSHA256.HashData(saltedPassword, ServerKeyLabel);

    /// <summary>ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage): what the client sends as p=.</summary>
    public static byte[] ClientProof(byte[] clientKey, string authMessage)
    {
        var signature = HMACSHA256.HashData(StoredKey(clientKey), Encoding.UTF8.GetBytes(authMessage));
        return Xor(clientKey, signature);
    }

    /// <summary>ServerSignature = HMAC(ServerKey, AuthMessage): what the server sends as v=.</summary>
    public static byte[] ServerSignature(byte[] serverKey, string authMessage) =>
        HMACSHA256.HashData(serverKey, Encoding.UTF8.GetBytes(authMessage));

    /// <summary>
    /// The server's check: recovers ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage) and
    /// compares H(ClientKey) with <paramref name="storedKey"/> in constant time. False (never an
    /// exception) for a proof of the wrong length.
    /// </summary>
    public static bool VerifyProof(byte[] storedKey, string authMessage, ReadOnlySpan<byte> proof)
    {
        if (proof.Length != KeyBytes || storedKey.Length != KeyBytes)
        {
            return false;
        }

        var signature = HMACSHA256.HashData(storedKey, Encoding.UTF8.GetBytes(authMessage));
        var clientKey = Xor(proof.ToArray(), signature);
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), storedKey);
    }

    /// <summary>The client's check of the server's v=, in constant time.</summary>
    public static bool VerifyServerSignature(byte[] serverKey, string authMessage, ReadOnlySpan<byte> signature) =>
        CryptographicOperations.FixedTimeEquals(ServerSignature(serverKey, authMessage), signature);

    /// <summary>A fresh nonce: 18 random bytes as base64 (24 printable characters, never a comma).</summary>
    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    /// <summary>AuthMessage = client-first-message-bare "," server-first-message "," client-final-message-without-proof.</summary>
    public static string AuthMessage(string clientFirstBare, string serverFirst, string clientFinalWithoutProof) =>
        clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;

    private static byte[] Xor(byte[] a, byte[] b)
    {
        var result = new byte[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            result[i] = (byte)(a[i] ^ b[i]);
        }

        return result;
    }
}
