using System.Runtime.InteropServices;

namespace Piazza.Bench.Net;

/// <summary>Raises this process's open-file limit (RLIMIT_NOFILE) from its soft to its hard value.</summary>
internal static partial class FileLimit
{
    private const int ResourceNoFile = 7; // RLIMIT_NOFILE on Linux

    /// <summary>Raises the soft limit to the hard one; returns the limit now in force (0: unknown).</summary>
    public static ulong RaiseToHard()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        if (GetLimit(ResourceNoFile, out var limit) != 0)
        {
            return 0;
        }

        if (limit.Current < limit.Maximum)
        {
            var raised = limit with { Current = limit.Maximum };
            if (SetLimit(ResourceNoFile, in raised) == 0)
            {
                return raised.Current;
            }
        }

        return limit.Current;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetLimit(int resource, out ResourceLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    private static partial int SetLimit(int resource, in ResourceLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private record struct ResourceLimit(ulong Current, ulong Maximum);
}
