namespace Piazza.Storage.Tests.Infrastructure;

/// <summary>A database path under the temp folder, unique per test; the file and its -wal/-shm go on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string? _folder;

    private TempDatabase(string path, string? folder)
    {
        Path = path;
        _folder = folder;
    }

    /// <summary>The database file's full path (the file does not exist yet).</summary>
    public string Path { get; }

    /// <summary>A path directly in the temp folder.</summary>
    public static TempDatabase Create() =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"piazza-history-{Guid.NewGuid():N}.db"), null);

    /// <summary>A path in a folder (and a sub-folder) that do not exist yet.</summary>
    public static TempDatabase InNewFolder()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"piazza-history-{Guid.NewGuid():N}");
        return new(System.IO.Path.Combine(folder, "data", "history.db"), folder);
    }

    public void Dispose()
    {
        foreach (var suffix in (string[])["", "-wal", "-shm", "-journal"])
        {
            File.Delete(Path + suffix);
        }

        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
