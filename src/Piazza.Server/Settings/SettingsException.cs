namespace Piazza.Server.Settings;

/// <summary>Settings the server cannot start with: each problem names its key and the accepted form.</summary>
public sealed class SettingsException : Exception
{
    public SettingsException()
        : this([])
    {
    }

    public SettingsException(string message)
        : this([message])
    {
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    public SettingsException(IReadOnlyList<string> problems)
        : base(string.Join("; ", problems)) => Problems = problems;

    /// <summary>One line per problem.</summary>
    public IReadOnlyList<string> Problems { get; }
}
