using System.Globalization;

using Microsoft.Data.Sqlite;

namespace Piazza.Storage.Sqlite;

/// <summary>A way to make writes fail on demand, for the tests of the failure path.</summary>
/// <remarks>
/// A read-only file cannot be simulated with chmod (root, which tests may run as, writes
/// anyway, and an open file descriptor keeps its access), and a full disk cannot be made on
/// demand. So the writer's own connection is told to refuse writes through SQLite's own
/// limits, and the failure comes out of the engine with its real error code: SQLITE_READONLY
/// from <c>PRAGMA query_only</c>, SQLITE_FULL from <c>PRAGMA max_page_count</c> at the current
/// size. The writer applies the change itself, before its next commit, so its connection is
/// only ever used by one thread at a time.
/// </remarks>
public sealed partial class SqliteMessageStore
{
    /// <summary>A kind of write failure to simulate.</summary>
    internal enum WriteFault
    {
        /// <summary>Writes work.</summary>
        None = 0,

        /// <summary>Writes fail as on a read-only file (SQLITE_READONLY).</summary>
        ReadOnly = 1,

        /// <summary>Writes that need a new page fail as on a full disk (SQLITE_FULL).</summary>
        DiskFull = 2,
    }

    private int _injectedFault;
    private int _appliedFault;
    private long? _normalMaxPageCount;

    /// <summary>Makes the writer's next commits fail with <paramref name="fault"/> (or work again with <see cref="WriteFault.None"/>).</summary>
    internal void InjectWriteFault(WriteFault fault) => Volatile.Write(ref _injectedFault, (int)fault);

    /// <summary>Called by the writer (holding the write gate) before each commit.</summary>
    private void ApplyInjectedFault()
    {
        var fault = (WriteFault)Volatile.Read(ref _injectedFault);
        if ((int)fault == _appliedFault)
        {
            return;
        }

        _normalMaxPageCount ??= Scalar(_writeConnection, "PRAGMA max_page_count");
        Execute(_writeConnection, fault == WriteFault.ReadOnly ? "PRAGMA query_only = 1" : "PRAGMA query_only = 0");
        var maxPages = fault == WriteFault.DiskFull ? Scalar(_writeConnection, "PRAGMA page_count") : _normalMaxPageCount.Value;
        Execute(_writeConnection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA max_page_count = {maxPages}"));
        _appliedFault = (int)fault;
    }
}
