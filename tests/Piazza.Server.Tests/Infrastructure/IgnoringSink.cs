using Piazza.Core;

namespace Piazza.Server.Tests.Infrastructure;

/// <summary>A member's sink that drops what it is given: for tests that only need a member in a hub.</summary>
internal sealed class IgnoringSink : IMemberSink
{
    public void Deliver(ChatEvent chatEvent)
    {
    }

    public void Close(string reason)
    {
    }
}
