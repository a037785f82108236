using Microsoft.Extensions.Options;

using Piazza.Core.History;
using Piazza.Server.Settings;

namespace Piazza.Server.History;

/// <summary>Checks <c>History:*</c> at startup.</summary>
internal sealed class HistoryOptionsValidator : IValidateOptions<HistoryOptions>
{
    /// <summary>The stores <c>History:Store</c> names.</summary>
    public static readonly string[] Stores = ["sqlite", "memory", "off"];

    public ValidateOptionsResult Validate(string? name, HistoryOptions options)
    {
        var problems = new SettingProblems(HistoryOptions.Section);
        if (!Stores.Contains(options.Store, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(nameof(HistoryOptions.Store), $"must be sqlite, memory or off (was '{options.Store}')");
        }

        if (string.IsNullOrWhiteSpace(options.Path) || options.Path.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            problems.Add(nameof(HistoryOptions.Path), $"must be a file path, such as piazza.db or /srv/chat/piazza.db (was '{options.Path}')");
        }

        problems.NotNegative(options.ReplayOnJoin, nameof(HistoryOptions.ReplayOnJoin));
        problems.Positive(options.MaxQuery, nameof(HistoryOptions.MaxQuery));
        problems.Positive(options.CommitIntervalMilliseconds, nameof(HistoryOptions.CommitIntervalMilliseconds));
        problems.NotNegative(options.RetentionDays, nameof(HistoryOptions.RetentionDays));
        problems.NotNegative(options.MaxMessagesPerRoom, nameof(HistoryOptions.MaxMessagesPerRoom));
        return problems.Result;
    }
}
