using Microsoft.Extensions.Options;

using Piazza.Server.Settings;

namespace Piazza.Server.Irc;

/// <summary>Checks <c>Irc:*</c> at startup.</summary>
internal sealed class IrcOptionsValidator : IValidateOptions<IrcOptions>
{
    public ValidateOptionsResult Validate(string? name, IrcOptions options)
    {
        var problems = new SettingProblems(IrcOptions.Section);
        if (string.IsNullOrWhiteSpace(options.ServerName) || options.ServerName.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ':' or ','))
        {
            problems.Add(nameof(IrcOptions.ServerName), $"must be one word, such as irc.example.org (was '{options.ServerName}')");
        }

        if (string.IsNullOrWhiteSpace(options.Network) || options.Network.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problems.Add(nameof(IrcOptions.Network), $"must be one word, such as Piazza (was '{options.Network}')");
        }

        problems.Positive(options.RegistrationTimeoutSeconds, nameof(IrcOptions.RegistrationTimeoutSeconds));
        problems.Positive(options.PingIntervalSeconds, nameof(IrcOptions.PingIntervalSeconds));
        problems.Positive(options.PingTimeoutSeconds, nameof(IrcOptions.PingTimeoutSeconds));
        problems.Positive(options.DetectTimeoutMilliseconds, nameof(IrcOptions.DetectTimeoutMilliseconds));
        return problems.Result;
    }
}
