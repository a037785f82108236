using System.Text;

using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>An encoder that counts how often it runs and tags its output with its slot.</summary>
internal sealed class CountingEncoder(int slot) : IEventEncoder
{
    private int _calls;

    public int Slot => slot;

    public int Calls => Volatile.Read(ref _calls);

    public byte[] Encode(ChatEvent chatEvent)
    {
        Interlocked.Increment(ref _calls);
        return Encoding.UTF8.GetBytes($"{slot}:{chatEvent.SourceName}:{chatEvent.Text}");
    }
}
