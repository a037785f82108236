namespace Piazza.Core;

/// <summary>
/// How a <see cref="SendQueue"/> wakes its waiting writer: inline, so the writer's send runs on
/// the thread that queued the message before <see cref="SendQueue.Enqueue"/> returns, or
/// through the thread pool's global queue. Inline saves a thread hand-off per delivery (on
/// the 2-core VM a wake-up costs more than the send; docs/benchmarks.md, "Inline sends"); the
/// pool lets writers batch and run in parallel. So a wake is inline unless this thread is
/// <list type="bullet">
/// <item>in a broadcast to more than <see cref="InlineLimit"/> members (<see cref="For"/>):
/// the broadcaster would otherwise make one send per member per message, where pooled writers
/// each send everything queued meanwhile at once;</item>
/// <item>running the queue owner's own command (<see cref="RepliesTo"/>): its replies go out
/// together once the command is done, in one send, not one send per line.</item>
/// </list>
/// <c>PIAZZA_INLINE_IO=0</c> in the environment makes every wake go through the pool.
/// </summary>
public static class WakeMode
{
    /// <summary>The largest broadcast whose writers run inline.</summary>
    public const int InlineLimit = 8;

    private static readonly bool Enabled = Environment.GetEnvironmentVariable("PIAZZA_INLINE_IO") != "0";

    [ThreadStatic]
    private static int t_pooled;

    [ThreadStatic]
    private static SendQueue? t_replying;

    /// <summary>Whether a wake on this thread now would run a writer inline (outside any command).</summary>
    public static bool Inline => Enabled && t_pooled == 0;

    /// <summary>The queue of the session whose command this thread is running (<see cref="RepliesTo"/>), or null.</summary>
    public static SendQueue? Replying => t_replying;

    /// <summary>
    /// For the synchronous part of a session's command: what it queues on its own
    /// <paramref name="queue"/> wakes the writer through the pool, so the replies go out in one
    /// send after the command. A value left behind (the scope ended on another thread after an
    /// await) only ever makes that one queue's wakes go through the pool.
    /// </summary>
    public static ReplyScope RepliesTo(SendQueue queue)
    {
        var previous = t_replying;
        t_replying = queue;
        return new ReplyScope(previous);
    }

    /// <summary>For a broadcast to <paramref name="recipients"/>: pooled wakes while it lasts if it is large.</summary>
    public static Scope For(int recipients)
    {
        if (recipients <= InlineLimit)
        {
            return default;
        }

        t_pooled++;
        return new Scope(true);
    }

    /// <summary>Whether waking <paramref name="queue"/>'s writer on this thread now runs it inline.</summary>
    internal static bool InlineFor(SendQueue queue) => Inline && !ReferenceEquals(t_replying, queue);

    /// <summary>Ends a command's replies.</summary>
    public readonly struct ReplyScope(SendQueue? previous) : IDisposable
    {
        public void Dispose() => t_replying = previous;
    }

    /// <summary>Ends a broadcast's choice.</summary>
    public readonly struct Scope(bool pooled) : IDisposable
    {
        public void Dispose()
        {
            if (pooled)
            {
                t_pooled--;
            }
        }
    }
}
