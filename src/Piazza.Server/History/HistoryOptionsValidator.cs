using Microsoft.Extensions.Options;

using Npgsql;

using Piazza.Server.Settings;

namespace Piazza.Server.History;

/// <summary>Checks <c>History:*</c> at startup.</summary>
internal sealed class HistoryOptionsValidator : IValidateOptions<HistoryOptions>
{
    /// <summary>The stores <c>History:Store</c> names.</summary>
    public static readonly string[] Stores = ["sqlite", "postgresql", "memory", "off"];

    /// <summary>
    /// The most messages one request (or a join's replay) may read: they are read into memory and
    /// queued to the client at once. Below 1, every CHATHISTORY would come back empty.
    /// </summary>
    public const int MaxMessagesPerRequest = 10_000;

    /// <summary>The longest commit interval, in ms: a minute is already a minute of chat lost to a crash.</summary>
    public const int MaxCommitIntervalMilliseconds = 60_000;

    /// <summary>The longest retention, in days (a century): more would overflow the date it is taken from.</summary>
    public const int MaxRetentionDays = 36_500;

    public ValidateOptionsResult Validate(string? name, HistoryOptions options)
    {
        var problems = new SettingProblems(HistoryOptions.Section);
        if (!Stores.Contains(options.Store, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(nameof(HistoryOptions.Store), $"must be sqlite, postgresql, memory or off (was '{options.Store}')");
        }

        if (string.Equals(options.Store, "postgresql", StringComparison.OrdinalIgnoreCase) && ConnectionStringProblem(options.Postgres) is { } problem)
        {
            problems.Add(nameof(HistoryOptions.Postgres), problem);
        }

        if (string.IsNullOrWhiteSpace(options.Path) || options.Path.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            problems.Add(nameof(HistoryOptions.Path), $"must be a file path, such as piazza.db or /srv/chat/piazza.db (was '{options.Path}')");
        }

        problems.InRange(options.ReplayOnJoin, nameof(HistoryOptions.ReplayOnJoin), 0, MaxMessagesPerRequest);
        problems.InRange(options.MaxQuery, nameof(HistoryOptions.MaxQuery), 1, MaxMessagesPerRequest);
        problems.InRange(options.CommitIntervalMilliseconds, nameof(HistoryOptions.CommitIntervalMilliseconds), 1, MaxCommitIntervalMilliseconds);
        problems.InRange(options.RetentionDays, nameof(HistoryOptions.RetentionDays), 0, MaxRetentionDays);
        problems.NotNegative(options.MaxMessagesPerRoom, nameof(HistoryOptions.MaxMessagesPerRoom));
        return problems.ToResult();
    }

    /// <summary>
    /// What is wrong with History:Postgres, or null. Never quotes the value, nor the parser's
    /// message (either may hold the password).
    /// </summary>
    private static string? ConnectionStringProblem(string connectionString)
    {
        const string Example = "such as Host=localhost;Database=piazza;Username=piazza;Password=...";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"must be a PostgreSQL connection string when History:Store is postgresql, {Example}";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return $"is not a PostgreSQL connection string (Key=Value pairs separated by ';', with keywords Npgsql knows), {Example}";
        }

        return string.IsNullOrWhiteSpace(builder.Host) ? $"names no Host, {Example}" : null;
    }
}
