using System.Text.RegularExpressions;

using Piazza.Server.Plain;
using Piazza.Testing;

namespace Piazza.Server.Tests;

/// <summary>
/// The plain protocol's commands are one table (<see cref="PlainCommandTable"/>): /help is made from
/// it, and README's nc section and docs/protocol-plain.md document exactly its commands.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class PlainHelpTableTests
{
    [Fact]
    public void Readme_and_the_protocol_doc_name_exactly_the_commands_of_the_table()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var nc = readme[readme.IndexOf("## Chat with nc", StringComparison.Ordinal)..];
        nc = nc[..nc.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var protocol = File.ReadAllText(Path.Combine(root, "docs", "protocol-plain.md"));
        var table = PlainCommandTable.All.Select(c => c.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(table, TableCommands(nc));
        Assert.Equal(table, TableCommands(protocol));
    }

    [Fact]
    public async Task Help_is_the_table_with_every_command_and_the_lines_legend()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await server.ConnectAsync();

        await a.SendAsync("/help");

        foreach (var expected in PlainCommandTable.HelpLines)
        {
            Assert.Equal("* " + expected, await a.NextAsync());
        }

        foreach (var command in PlainCommandTable.All)
        {
            Assert.Contains(PlainCommandTable.HelpLines, l => l.StartsWith("  " + command.Name + " ", StringComparison.Ordinal) || l.TrimEnd() == "  " + command.Name);
        }

        Assert.Contains(PlainCommandTable.HelpLines, l => l.Contains("[who@room] chat in another room", StringComparison.Ordinal));
    }

    /// <summary>The /commands in a markdown table's first column (aliases in parentheses left out).</summary>
    private static List<string> TableCommands(string markdown) =>
        markdown.Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal))
            .Select(l => l.Split('|')[1])
            .SelectMany(cell => FirstColumnCommand().Matches(Regex.Replace(cell, @"\(.*?\)", string.Empty)).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Piazza.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Piazza.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"`(/[a-z][a-z-]*)")]
    private static partial Regex FirstColumnCommand();
}
