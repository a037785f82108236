using Piazza.Server.Hosting;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Settings;

/// <summary>
/// Data:Path: by default the user's data folder (not the working directory, not the build
/// output); History:Path is taken from it unless absolute; the start says where both are.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DataFolderTests
{
    [Fact]
    public async Task By_default_history_is_in_the_users_data_folder_whatever_the_working_directory_and_the_start_says_so()
    {
        var userData = TestServer.NewDataDirectory();
        var workingDirectory = TestServer.NewDataDirectory();
        try
        {
            var environment = new Dictionary<string, string> { ["XDG_DATA_HOME"] = userData, ["Not__Ours"] = "ignored" };
            await using (var server = await ServerProcess.StartAsync(environment, workingDirectory, "History:Store=sqlite"))
            {
                var data = Path.Combine(userData, "piazza");
                var history = Path.Combine(data, "piazza.db");
                Assert.Contains($"; data folder {data}; history {history}; ", server.ReadyLine, StringComparison.Ordinal);
                Assert.True(File.Exists(history), "no history file in the data folder");
                Assert.Empty(Directory.EnumerateFileSystemEntries(workingDirectory));
            }
        }
        finally
        {
            Directory.Delete(userData, recursive: true);
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [Fact]
    public void The_default_data_folder_is_absolute_and_named_piazza()
    {
        var data = new DataOptions();

        Assert.True(Path.IsPathRooted(data.FullPath));
        Assert.Equal("piazza", Path.GetFileName(data.FullPath));
        Assert.Equal(Path.Combine(data.FullPath, "piazza.db"), data.Resolve("piazza.db"));
    }

    [Fact]
    public void History_path_is_taken_from_the_data_folder_unless_it_is_absolute()
    {
        var data = new DataOptions { Path = "/srv/chat" };

        Assert.Equal("/srv/chat/piazza.db", data.Resolve("piazza.db"));
        Assert.Equal("/srv/chat/old/history.db", data.Resolve("old/history.db"));
        Assert.Equal("/var/tmp/h.db", data.Resolve("/var/tmp/h.db"));
    }

    [Fact]
    public void A_relative_data_folder_is_taken_from_the_working_directory()
    {
        var data = new DataOptions { Path = "chat-data" };

        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "chat-data"), data.FullPath);
    }
}
