using System.Globalization;

using Microsoft.Extensions.Options;

using Piazza.Server.Hosting;

namespace Piazza.Server.Tls;

/// <summary>
/// The value of the IRCv3 <c>sts</c> capability (https://ircv3.net/specs/extensions/sts) for a
/// connection, or null when it is not offered (TLS off, or <c>Tls:Sts=false</c>).
/// </summary>
/// <remarks>
/// <code>
/// sts = "port=" port          ; on a plain connection: the upgrade policy, Listen:Tls's port
///     / "duration=" seconds   ; on a TLS connection: the persistence policy, Tls:StsDurationSeconds
/// </code>
/// The port is Listen:Tls's, or the chat port's when Listen:Tls is off (it takes TLS as well).
/// <code>
/// </code>
/// Each connection is sent the key that applies to it only (the spec lets a server send both,
/// and clients ignore the other). Read by IRC sessions on their read loops; the bound port is
/// known once the listeners are bound, before the first connection.
/// </remarks>
internal sealed class StsPolicy(IOptions<TlsOptions> options, ChatEndpoints endpoints)
{
    /// <summary>What <c>CAP LS 302</c> says after <c>sts=</c> on a connection that is (or is not) TLS, or null for no sts.</summary>
    public string? ValueFor(bool secure)
    {
        var tls = options.Value;
        if (!tls.IsOn || !tls.Sts)
        {
            return null;
        }

        // Without Listen:Tls, the chat port takes TLS too (and IRC on it).
        var port = endpoints.Tls ?? endpoints.Chat;

        return secure
            ? "duration=" + tls.StsDurationSeconds.ToString(CultureInfo.InvariantCulture)
            : "port=" + port.Port.ToString(CultureInfo.InvariantCulture);
    }
}
