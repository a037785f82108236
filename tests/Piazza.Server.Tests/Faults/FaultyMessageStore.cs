using Piazza.Core.History;

using Piazza.Server.Tests.Infrastructure;

namespace Piazza.Server.Tests.Faults;

/// <summary>
/// A history store with a bug: <see cref="Append"/>, which must never throw, throws
/// <see cref="InvalidOperationException"/> for a message whose text is <see cref="Trigger"/>. The
/// hub appends from the sender's command handler, so the handler throws on the read loop, as any
/// bug in a handler would; everything else is an in-memory store.
/// </summary>
internal sealed class FaultyMessageStore : DelegatingMessageStore
{
    public const string Trigger = "trip the store bug";

    public override void Append(StoredMessage message)
    {
        if (message.Text == Trigger)
        {
            throw new InvalidOperationException("a bug in the history store");
        }

        base.Append(message);
    }
}
