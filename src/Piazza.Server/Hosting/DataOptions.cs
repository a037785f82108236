namespace Piazza.Server.Hosting;

/// <summary>
/// Where the server keeps its files, bound from the configuration section <c>Data</c>
/// (<c>--Data:Path=/srv/piazza</c>, <c>PIAZZA__Data__Path=…</c>). Today that is the history
/// database (<c>History:Path</c>, relative to this folder).
/// </summary>
public sealed class DataOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Data";

    /// <summary>
    /// The data folder. Default empty, meaning the user's data folder (<see cref="DefaultPath"/>):
    /// <c>$XDG_DATA_HOME/piazza</c>, else <c>~/.local/share/piazza</c> on Linux, <c>%LOCALAPPDATA%\piazza</c>
    /// on Windows. Neither the working directory nor the build output decides it, so <c>dotnet run</c>,
    /// a rebuild and a published copy all find the same history. A relative path is taken from the
    /// working directory. The systemd unit (deploy/piazza.service) sets <c>/var/lib/piazza</c>.
    /// </summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// The user's data folder plus <c>piazza</c>; beside the executable (<c>data</c>) when the
    /// user has none (no home directory).
    /// </summary>
    public static string DefaultPath
    {
        get
        {
            var userData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return string.IsNullOrEmpty(userData)
                ? System.IO.Path.Combine(AppContext.BaseDirectory, "data")
                : System.IO.Path.Combine(userData, "piazza");
        }
    }

    /// <summary>The data folder in full: <see cref="Path"/> made absolute, or <see cref="DefaultPath"/>.</summary>
    public string FullPath => System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(Path) ? DefaultPath : Path);

    /// <summary>Where a file setting points: <paramref name="path"/> itself when absolute, else under the data folder.</summary>
    public string Resolve(string path) => System.IO.Path.GetFullPath(System.IO.Path.Combine(FullPath, path));
}
