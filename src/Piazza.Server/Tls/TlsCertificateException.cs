namespace Piazza.Server.Tls;

/// <summary>
/// The configured certificate cannot be used: a file that is missing or unreadable, a key that
/// does not match, a wrong password. The message names the setting and says what to fix, on one line.
/// </summary>
public sealed class TlsCertificateException : Exception
{
    public TlsCertificateException()
    {
    }

    public TlsCertificateException(string message)
        : base(message)
    {
    }

    public TlsCertificateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
