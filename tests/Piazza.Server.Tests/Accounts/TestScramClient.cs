using System.Security.Cryptography;
using System.Text;

namespace Piazza.Server.Tests.Accounts;

/// <summary>
/// A SCRAM-SHA-256 client written from RFC 5802 §3 and RFC 7677 for the tests, apart from the
/// server's code (Piazza.Protocol.Sasl), so the two are checked against each other and the RFC.
/// Names are plain ASCII here: no saslname escaping, no preparation of the password.
/// </summary>
internal sealed class TestScramClient(string user, string password, string? nonce = null, string gs2Header = "n,,")
{
    private readonly string _nonce = nonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
    private byte[]? _serverKey;
    private string? _authMessage;

    public string ClientFirstBare => $"n={user},r={_nonce}";

    public string ClientFirst => gs2Header + ClientFirstBare;

    /// <summary>The server's salt and iterations, once <see cref="ClientFinal"/> has read them.</summary>
    public (byte[] Salt, int Iterations, string Nonce) ServerFirst { get; private set; }

    /// <summary>The client-final-message for <paramref name="serverFirst"/> (r=…,s=…,i=…), with the proof.</summary>
    public string ClientFinal(string serverFirst)
    {
        var fields = serverFirst.Split(',').ToDictionary(f => f[..1], f => f[2..]);
        Assert.StartsWith(_nonce, fields["r"], StringComparison.Ordinal);
        ServerFirst = (Convert.FromBase64String(fields["s"]), int.Parse(fields["i"], System.Globalization.CultureInfo.InvariantCulture), fields["r"]);

        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), ServerFirst.Salt, ServerFirst.Iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        _serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        var withoutProof = $"c={Convert.ToBase64String(Encoding.ASCII.GetBytes(gs2Header))},r={fields["r"]}";
        _authMessage = $"{ClientFirstBare},{serverFirst},{withoutProof}";
        var signature = HMACSHA256.HashData(storedKey, Encoding.UTF8.GetBytes(_authMessage));
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        return $"{withoutProof},p={Convert.ToBase64String(proof)}";
    }

    /// <summary>True when <paramref name="serverFinal"/> is v= the signature only the holder of ServerKey can make.</summary>
    public bool IsServerAuthentic(string serverFinal) =>
        serverFinal == "v=" + Convert.ToBase64String(HMACSHA256.HashData(_serverKey!, Encoding.UTF8.GetBytes(_authMessage!)));

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}
