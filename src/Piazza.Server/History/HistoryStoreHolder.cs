using Piazza.Core.History;

namespace Piazza.Server.History;

/// <summary>
/// Owns the history store for the container: made once at startup, flushed and closed when the
/// host is disposed, after every session has ended.
/// </summary>
internal sealed class HistoryStoreHolder(IMessageStore? store) : IAsyncDisposable
{
    /// <summary>The store, or null when history is off.</summary>
    public IMessageStore? Store { get; } = store;

    public async ValueTask DisposeAsync()
    {
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }
    }
}
