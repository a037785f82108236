namespace Piazza.Storage.Sqlite;

/// <summary>
/// The history store cannot use its file: not a SQLite database, another application's, corrupt,
/// from a newer Piazza, or unreadable. The message names the file; the file is left as it was.
/// </summary>
public sealed class HistoryStoreException : Exception
{
    /// <summary>Creates the exception without a file (for serializers and tests).</summary>
    public HistoryStoreException()
    {
        Path = string.Empty;
    }

    /// <summary>Creates the exception without a file (for serializers and tests).</summary>
    public HistoryStoreException(string message)
        : base(message)
    {
        Path = string.Empty;
    }

    /// <summary>Creates the exception without a file (for serializers and tests).</summary>
    public HistoryStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
    }

    /// <summary>Creates the exception for <paramref name="path"/>; the message starts with the path.</summary>
    public HistoryStoreException(string path, string problem, Exception? innerException)
        : base($"History database {path}: {problem}", innerException)
    {
        Path = path;
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }
}
