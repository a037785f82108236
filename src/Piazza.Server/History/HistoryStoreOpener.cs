using Piazza.Core.History;

namespace Piazza.Server.History;

/// <summary>
/// How the chat gets its history store when it opens: by default the one History:Store names
/// (<see cref="HistoryStoreFactory"/>); tests register <see cref="Using"/> to hand in their own.
/// The chat owns (and disposes) whatever this gives it.
/// </summary>
internal sealed class HistoryStoreOpener(Func<CancellationToken, Task<IMessageStore?>> open)
{
    /// <summary>Opens the store; null when history is off.</summary>
    public Task<IMessageStore?> OpenAsync(CancellationToken cancellationToken) => open(cancellationToken);

    /// <summary>An opener that gives <paramref name="store"/>.</summary>
    public static HistoryStoreOpener Using(IMessageStore store) => new(_ => Task.FromResult<IMessageStore?>(store));
}
