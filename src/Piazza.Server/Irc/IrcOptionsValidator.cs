using Microsoft.Extensions.Options;

using Piazza.Server.Settings;

namespace Piazza.Server.Irc;

/// <summary>Checks <c>Irc:*</c> at startup.</summary>
internal sealed class IrcOptionsValidator : IValidateOptions<IrcOptions>
{
    /// <summary>
    /// The longest timeout, in seconds: a day. A runtime timer holds at most about 49 days, so a
    /// larger value would throw when a connection arms it, far from the setting; and a client
    /// silent for a day is gone anyway.
    /// </summary>
    public const int MaxTimeoutSeconds = 86_400;

    /// <summary>The longest wait for a chat-port client's first line, in ms: a minute (plain clients see nothing until it passes).</summary>
    public const int MaxDetectTimeoutMilliseconds = 60_000;

    /// <summary>The longest server description: it has to fit in a 364 line beside the server name.</summary>
    public const int MaxServerDescriptionLength = 100;

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

        if (string.IsNullOrWhiteSpace(options.ServerDescription) || options.ServerDescription.Length > MaxServerDescriptionLength || options.ServerDescription.Any(char.IsControl))
        {
            problems.Add(nameof(IrcOptions.ServerDescription), $"must be 1 to {MaxServerDescriptionLength} characters on one line (was '{options.ServerDescription}')");
        }

        problems.InRange(options.RegistrationTimeoutSeconds, nameof(IrcOptions.RegistrationTimeoutSeconds), 1, MaxTimeoutSeconds);
        problems.InRange(options.PingIntervalSeconds, nameof(IrcOptions.PingIntervalSeconds), 1, MaxTimeoutSeconds);
        problems.InRange(options.PingTimeoutSeconds, nameof(IrcOptions.PingTimeoutSeconds), 1, MaxTimeoutSeconds);
        problems.InRange(options.DetectTimeoutMilliseconds, nameof(IrcOptions.DetectTimeoutMilliseconds), 1, MaxDetectTimeoutMilliseconds);
        problems.InRange(options.MaxWhoReplies, nameof(IrcOptions.MaxWhoReplies), 1, 100_000);
        return problems.ToResult();
    }
}
