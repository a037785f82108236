namespace Piazza.Server.Irc;

/// <summary>
/// How many times each IRC command has run on this server since it started, for <c>STATS m</c>:
/// one counter per row of <see cref="IrcCommandTable"/>, bumped when the table hands a command to
/// its handler (so an unknown command, or one refused for missing parameters, is not counted).
/// </summary>
/// <remarks>
/// One per server (a singleton), shared by every IRC session: counted with <see cref="Interlocked"/>
/// from any read loop, read by STATS as a moment's view. A fixed array: a client cannot make it grow.
/// </remarks>
internal sealed class IrcCommandCounts
{
    private readonly long[] _counts = new long[IrcCommandTable.RowNames.Count];

    /// <summary>Counts one run of the command in row <paramref name="row"/>.</summary>
    public void Count(int row) => Interlocked.Increment(ref _counts[row]);

    /// <summary>The commands that have run at least once, by name, with how often.</summary>
    public IReadOnlyList<(string Command, long Count)> Used()
    {
        var used = new List<(string, long)>();
        for (var row = 0; row < _counts.Length; row++)
        {
            var count = Interlocked.Read(ref _counts[row]);
            if (count > 0)
            {
                used.Add((IrcCommandTable.RowNames[row], count));
            }
        }

        used.Sort(static (a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return used;
    }
}
