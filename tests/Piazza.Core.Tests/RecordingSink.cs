using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>A member sink that records what the hub delivers; safe to call from many threads.</summary>
internal sealed class RecordingSink : IMemberSink
{
    private readonly Lock _gate = new();
    private readonly List<ChatEvent> _events = [];
    private readonly List<string> _closeReasons = [];
    private readonly List<(ChatEvent, string?)> _shown = [];

    /// <summary>A copy of the events delivered so far, in order.</summary>
    public ChatEvent[] Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The reasons passed to <see cref="Close"/>, in order.</summary>
    public string[] CloseReasons
    {
        get
        {
            lock (_gate)
            {
                return [.. _closeReasons];
            }
        }
    }

    /// <summary>The member's own messages the hub said were shown (in a cluster), with the label handed back, in order.</summary>
    public (ChatEvent Said, string? Label)[] ShownOwn
    {
        get
        {
            lock (_gate)
            {
                return [.. _shown];
            }
        }
    }

    public void Shown(ChatEvent said, string? replyLabel)
    {
        lock (_gate)
        {
            _shown.Add((said, replyLabel));
        }
    }

    public void Deliver(ChatEvent chatEvent)
    {
        lock (_gate)
        {
            _events.Add(chatEvent);
        }
    }

    public void Close(string reason)
    {
        lock (_gate)
        {
            _closeReasons.Add(reason);
        }
    }

    /// <summary>The one event delivered so far; fails unless exactly one was.</summary>
    public ChatEvent Single() => Assert.Single(Events);

    public void Clear()
    {
        lock (_gate)
        {
            _events.Clear();
        }
    }
}
