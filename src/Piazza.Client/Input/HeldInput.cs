namespace Piazza.Client.Input;

/// <summary>
/// Keeps what the user typed in order across a <c>/join</c> or <c>/part</c>: from the JOIN (PART)
/// until the server answers it (done or refused), what follows is held, then run in the order typed. Without
/// this, a script's "/join #dev" then "hello" sends "hello" to the room it was in, because the
/// line is read before the server's answer arrives. Touched by the UI thread only.
/// </summary>
internal sealed class HeldInput
{
    private readonly HashSet<string> _awaited = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<Action> _held = new();

    /// <summary>True while a JOIN or PART the user asked for is unanswered: input is held.</summary>
    public bool IsHolding => _awaited.Count > 0;

    /// <summary>Bumped each time holding starts, so a late timeout does not release a newer hold.</summary>
    public int Generation { get; private set; }

    /// <summary>Holds input until every one of <paramref name="rooms"/> is answered (or <see cref="ReleaseAll"/>).</summary>
    public void Await(IEnumerable<string> rooms)
    {
        if (!IsHolding)
        {
            Generation++;
        }

        _awaited.UnionWith(rooms);
    }

    /// <summary>Queues something typed while holding.</summary>
    public void Hold(Action typed) => _held.Enqueue(typed);

    /// <summary>The server answered the JOIN or PART of <paramref name="room"/>; true when that ended the hold.</summary>
    public bool Answered(string room) => _awaited.Remove(room) && _awaited.Count == 0;

    /// <summary>Stops waiting for any answer (the connection dropped, or no answer came in time).</summary>
    public void ReleaseAll() => _awaited.Clear();

    /// <summary>The next held input, while not holding again (a held "/join" may start a new hold).</summary>
    public bool TryNext(out Action typed)
    {
        if (!IsHolding && _held.TryDequeue(out var next))
        {
            typed = next;
            return true;
        }

        typed = static () => { };
        return false;
    }
}
