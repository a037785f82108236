namespace Piazza.Storage.Tests.Infrastructure;

/// <summary>Every await in these tests has one of these as its limit.</summary>
internal static class TestTimeouts
{
    /// <summary>For one store operation or a short wait on the writer (generous: two shared cores).</summary>
    public static readonly TimeSpan Operation = TimeSpan.FromSeconds(30);

    /// <summary>For a child process to start, write or exit.</summary>
    public static readonly TimeSpan Process = TimeSpan.FromSeconds(60);
}
