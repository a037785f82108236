using System.Text.RegularExpressions;

namespace Piazza.Core.Tests;

/// <summary>
/// One async pipeline (docs/ARCHITECTURE.md): nothing in <c>src/</c> blocks a thread on a task
/// or sleeps. A blocked pool thread is how a burst of slow work (a store read, a password check)
/// starves every session; this fails when a blocking wait is written, wherever it is.
/// </summary>
public sealed partial class NoBlockingWaitTests
{
    [Fact]
    public void No_source_file_blocks_on_a_task_or_sleeps()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var found = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(src, f), Line: i + 1, Text: line.Trim())))
            .Where(l => !l.Text.StartsWith("//", StringComparison.Ordinal) && BlockingWait().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text}")
            .ToList();

        Assert.True(files.Count > 100, $"only {files.Count} source files found under {src}");
        Assert.Empty(found);
    }

    [Theory]
    [InlineData("task.GetAwaiter().GetResult();")]
    [InlineData("var x = reader.ReadAsync().Result;")]
    [InlineData("pending.Wait();")]
    [InlineData("_loop.Wait(TimeSpan.FromSeconds(5));")]
    [InlineData("Task.WaitAll(tasks);")]
    [InlineData("Thread.Sleep(10);")]
    public void The_pattern_catches_each_blocking_wait(string line) => Assert.Matches(BlockingWait(), line);

    [Theory]
    [InlineData("await pending;")]
    [InlineData("var result = await reader.ReadAsync(token);")]
    [InlineData("if (result.IsCompleted)")]
    [InlineData("await timer.WaitForNextTickAsync(token);")]
    [InlineData("await task.WaitAsync(timeout);")]
    public void The_pattern_leaves_awaits_alone(string line) => Assert.DoesNotMatch(BlockingWait(), line);

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

    [GeneratedRegex(@"\.GetAwaiter\(\)\.GetResult\(\)|\.Result\b|\.Wait\(|\bWaitAll\(|\bThread\.Sleep\(")]
    private static partial Regex BlockingWait();
}
