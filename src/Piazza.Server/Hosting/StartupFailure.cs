using Microsoft.Extensions.Options;

using Piazza.Server.Settings;
using Piazza.Storage.Sqlite;

namespace Piazza.Server.Hosting;

/// <summary>
/// The ways the server can fail to start that are the operator's to fix, told in one line
/// instead of a stack trace: settings it cannot use (exit code 2), a port already taken or a
/// history file it will not touch (exit code 1).
/// </summary>
/// <param name="Line">What to tell the operator, on one line.</param>
/// <param name="ExitCode">2 for settings, 1 for the machine's state.</param>
internal sealed record StartupFailure(string Line, int ExitCode)
{
    /// <summary>The exit code for settings the server cannot use (as a command-line tool's usage error).</summary>
    public const int BadSettings = 2;

    /// <summary>The exit code for a start that the machine's state prevents (a port, a file).</summary>
    public const int CannotStart = 1;

    /// <summary>One line for the operator, or null when the failure is a bug (and keeps its stack trace).</summary>
    public static StartupFailure? Describe(Exception exception) =>
        SettingsProblems(exception) is { Count: > 0 } problems
            ? new StartupFailure(OneLine(string.Join("; ", problems.Distinct())), BadSettings)
            : exception switch
            {
                HistoryStoreException history => new StartupFailure(OneLine(history.Message), CannotStart),
                Storage.Postgres.PostgresStoreException postgres => new StartupFailure(OneLine(postgres.Message), CannotStart),
                ListenerInUseException inUse => new StartupFailure(OneLine(inUse.Message), CannotStart),
                // The certificate changed between the settings check and its use: a setting to fix.
                Tls.TlsCertificateException tls => new StartupFailure(OneLine(tls.Message), BadSettings),
                _ => null,
            };

    /// <summary>
    /// Every settings problem in <paramref name="exception"/>: ours (<see cref="SettingsException"/>),
    /// the validators' (<see cref="OptionsValidationException"/>, several at once in an
    /// <see cref="AggregateException"/>), or a value the binder could not convert. Empty when
    /// any part of it is something else.
    /// </summary>
    private static List<string> SettingsProblems(Exception exception)
    {
        switch (exception)
        {
            case SettingsException settings:
                return [.. settings.Problems];
            case OptionsValidationException validation:
                return [.. validation.Failures];
            case InvalidOperationException conversion when conversion.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                return [conversion.Message];
            case AggregateException aggregate:
                var all = new List<string>();
                foreach (var inner in aggregate.InnerExceptions)
                {
                    var problems = SettingsProblems(inner);
                    if (problems.Count == 0)
                    {
                        return [];
                    }

                    all.AddRange(problems);
                }

                return all;
            default:
                return [];
        }
    }

    /// <summary>A message as one line, whatever a value in it held (a value may carry a line break).</summary>
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
