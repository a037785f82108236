using Microsoft.Extensions.Options;

using Piazza.Server.Settings;

namespace Piazza.Server.Tls;

/// <summary>
/// Checks <c>Tls:*</c> at startup. With a certificate configured it is loaded once here, so a
/// missing or unreadable file, a key that is not the certificate's or a wrong password stops the
/// start with one line naming the setting (exit 2). An expired certificate is not refused: the
/// holder warns about it when it loads it (a renewal may be on its way).
/// </summary>
internal sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    /// <summary>The longest handshake timeout, in seconds: an hour is already far more than any handshake needs.</summary>
    public const int MaxHandshakeTimeoutSeconds = 3600;

    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var problems = new SettingProblems(TlsOptions.Section);
        problems.InRange(options.HandshakeTimeoutSeconds, nameof(TlsOptions.HandshakeTimeoutSeconds), 1, MaxHandshakeTimeoutSeconds);
        problems.NotNegative(options.StsDurationSeconds, nameof(TlsOptions.StsDurationSeconds));
        if (!options.IsOn)
        {
            if (!string.IsNullOrWhiteSpace(options.Key))
            {
                problems.Add(nameof(TlsOptions.Key), $"is set but {TlsOptions.Section}:{nameof(TlsOptions.Certificate)} is not: give the certificate's file too (or neither, for no TLS)");
            }

            return problems.ToResult();
        }

        try
        {
            TlsCertificateLoader.Load(options).Leaf.Dispose();
        }
        catch (TlsCertificateException ex)
        {
            problems.AddRange([ex.Message]);
        }

        return problems.ToResult();
    }
}
