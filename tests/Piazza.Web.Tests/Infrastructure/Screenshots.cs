namespace Piazza.Web.Tests.Infrastructure;

/// <summary>Where screenshots go: <c>.artifacts/screenshots/</c> at the repository root (ignored by git).</summary>
internal static class Screenshots
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        // The repository root is the folder holding Piazza.slnx above the test binaries.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Piazza.slnx")))
            {
                return Path.Combine(dir.FullName, ".artifacts", "screenshots");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "screenshots");
    }
}
