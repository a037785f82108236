using System.Globalization;
using System.Net.Sockets;

namespace Piazza.Server.Transport;

/// <summary>
/// Keeps the process's last file descriptors for the runtime (<c>Listen:ReservedFileDescriptors</c>):
/// the listeners stop taking clients while fewer than that many are free below the open-file
/// limit (<c>ulimit -n</c>, RLIMIT_NOFILE).
/// </summary>
/// <remarks>
/// Why: the .NET runtime needs descriptors of its own as it runs. A new thread-pool thread opens
/// a pipe as it starts, and when that fails <c>Thread.Start</c> throws
/// <see cref="OutOfMemoryException"/> out of the thread pool's own dispatch loop, which nothing can
/// catch: the process prints "Out of memory." and aborts (measured on .NET 10.0.12 with
/// <c>ulimit -n 256</c> and 500 clients; an assembly loaded late cannot be opened either). So a server
/// that accepts until <c>accept</c> fails with EMFILE has already lost: the accept before it took
/// the descriptor the runtime needed.
/// <para>
/// How, without counting: Linux gives every new descriptor the lowest number free. A connection
/// accepted on descriptor <c>n</c> means every descriptor below <c>n</c> is in use; when
/// <c>n</c> is within the last <see cref="Size"/> below the limit, that connection is refused and
/// the listener waits. A descriptor held above a hole (a client that left) was taken while
/// everything below it was in use, by the runtime or by the listener that then closed it, so the
/// free count stays about <see cref="Size"/>. To know when to accept again, <see cref="HasRoom"/> opens
/// <c>/dev/null</c> and looks at the number it gets: the number the next accept would get.
/// </para>
/// Off (every check passes) when the size is 0 or the limit cannot be read (not Linux, or
/// unlimited).
/// </remarks>
internal sealed class DescriptorReserve
{
    private readonly ProcessDescriptors _descriptors;

    // The limit as last read; -1: unknown.
    private long _limit = -1;

    public DescriptorReserve(int size, ProcessDescriptors descriptors)
    {
        Size = size;
        _descriptors = descriptors;
        _limit = size > 0 ? descriptors.ReadLimit() ?? -1 : -1;
    }

    /// <summary>How many descriptors below the limit are kept free.</summary>
    public int Size { get; }

    /// <summary>The open-file limit as last read, or null when unknown (then nothing is held back).</summary>
    public long? Limit => Interlocked.Read(ref _limit) is >= 0 and var limit ? limit : null;

    /// <summary>Whether the reserve is in force.</summary>
    public bool IsOn => Size > 0 && Limit is not null;

    /// <summary>
    /// Whether <paramref name="socket"/>, just accepted, took a descriptor within the last
    /// <paramref name="kept"/> below the limit (so fewer than that many are free): it should be
    /// refused. <paramref name="kept"/> is <see cref="Size"/> for the chat ports, less for the HTTP
    /// port so that <c>/healthz</c> still answers while the chat ports wait.
    /// </summary>
    public bool Reaches(Socket socket, int kept, out long descriptor)
    {
        descriptor = -1;
        if (Size <= 0 || kept <= 0 || Limit is not { } limit)
        {
            return false;
        }

        descriptor = _descriptors.DescriptorOf(socket);
        return descriptor >= limit - kept;
    }

    /// <summary>
    /// Whether the next descriptor the process takes would lie below the last <paramref name="kept"/>
    /// (the listener may accept again). Reads the limit again first, so a limit raised while the
    /// server runs (<c>prlimit --pid</c>) counts. False when no descriptor at all can be opened
    /// (asked also with the reserve off, after an accept failed with EMFILE or ENFILE).
    /// </summary>
    public bool HasRoom(int kept)
    {
        if (Size > 0 && _descriptors.ReadLimit() is { } limit)
        {
            Interlocked.Exchange(ref _limit, limit);
        }

        if (_descriptors.LowestFree() is not { } lowest)
        {
            return false;
        }

        return Size <= 0 || Limit is not { } known || lowest < known - kept;
    }
}

/// <summary>
/// This process's descriptor table, as <see cref="DescriptorReserve"/> sees it (virtual so that
/// tests can stand in for the numbers; the sockets stay real).
/// </summary>
internal class ProcessDescriptors
{
    private const string LimitsFile = "/proc/self/limits";

    /// <summary>The soft open-file limit (RLIMIT_NOFILE), or null when unknown or unlimited.</summary>
    public virtual long? ReadLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return ParseLimit(File.ReadAllLines(LimitsFile));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Out of descriptors itself, or no /proc: keep what was read before.
            return null;
        }
    }

    /// <summary>The descriptor number of a socket.</summary>
    public virtual long DescriptorOf(Socket socket) => socket.SafeHandle.DangerousGetHandle();

    /// <summary>The lowest descriptor number free now (opens and closes <c>/dev/null</c>), or null when none is.</summary>
    public virtual long? LowestFree()
    {
        if (OperatingSystem.IsWindows())
        {
            // No /dev/null, nor lowest-first numbering: say there is room, and let accept tell.
            return 0;
        }

        try
        {
            using var probe = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return probe.DangerousGetHandle();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The soft limit from <c>/proc/self/limits</c>' line
    /// <c>Max open files            1024                 524288               files</c>
    /// (name, soft, hard, unit); null when absent or <c>unlimited</c>.
    /// </summary>
    internal static long? ParseLimit(IEnumerable<string> lines)
    {
        const string Name = "Max open files";
        foreach (var line in lines)
        {
            if (!line.StartsWith(Name, StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line[Name.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
        }

        return null;
    }
}
