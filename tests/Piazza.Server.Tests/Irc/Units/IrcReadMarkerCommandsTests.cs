using Microsoft.Extensions.Logging.Abstractions;

using Piazza.Core;
using Piazza.Core.ReadMarkers;
using Piazza.Server.History;
using Piazza.Server.Irc;
using Piazza.Server.Sessions;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>MARKREAD when the read marker store fails: the spec's INTERNAL_ERROR, and a JOIN that still completes.</summary>
public sealed class IrcReadMarkerCommandsTests
{
    private readonly ChatHub _hub = new(new ChatOptions(), TimeProvider.System, readMarkers: new FailingStore());
    private readonly RecordingContext _context;
    private readonly IrcReadMarkerCommands _markers;

    public IrcReadMarkerCommandsTests()
    {
        var caps = new IrcCapabilitySet(historyOn: false);
        Assert.True(caps.TryRequest("draft/read-marker"));
        _context = new RecordingContext(_hub, caps);
        var alice = _context.Register("alice");
        _hub.LogIn(alice, new Piazza.Core.Accounts.AccountRecord("alice", "hash", DateTimeOffset.UnixEpoch));
        _markers = new IrcReadMarkerCommands(_context, NullLogger.Instance);
    }

    [Fact]
    public async Task A_store_that_fails_is_an_internal_error_naming_the_target()
    {
        await _markers.MarkReadAsync(RecordingContext.Parse("MARKREAD #dev"));
        await _markers.MarkReadAsync(RecordingContext.Parse("MARKREAD #dev timestamp=2019-01-04T14:33:26.123Z"));

        Assert.Equal(
            [
                "FAIL MARKREAD INTERNAL_ERROR #dev The read timestamp could not be read",
                "FAIL MARKREAD INTERNAL_ERROR #dev The read timestamp could not be set",
            ],
            _context.Replies);
    }

    [Fact]
    public async Task A_join_whose_marker_cannot_be_read_says_so_in_its_place_and_completes()
    {
        var noReplay = new HistoryReplay(null, TimeProvider.System, _ => { }, (_, _) => { });
        var channels = new IrcChannelCommands(_context, new IrcChannelViews(_context), new IrcJoinReplay(_context, new HistoryOptions(), noReplay, new IrcHistoryLines(_context)), _markers);

        await channels.JoinAsync(RecordingContext.Parse("JOIN #dev"));

        Assert.Equal("FAIL MARKREAD INTERNAL_ERROR #dev The read timestamp could not be read", _context.Replies[1]);
        Assert.StartsWith(":alice!", _context.Replies[0], StringComparison.Ordinal);
        Assert.StartsWith("366 ", _context.Replies[^1], StringComparison.Ordinal);
    }

    /// <summary>A store whose file went away.</summary>
    private sealed class FailingStore : IReadMarkerStore
    {
        public Task<DateTimeOffset?> GetAsync(string account, string target, CancellationToken cancellationToken = default) =>
            Task.FromException<DateTimeOffset?>(new IOException("disk gone"));

        public Task<ReadMarkerChange> AdvanceAsync(string account, string target, DateTimeOffset readAt, CancellationToken cancellationToken = default) =>
            Task.FromException<ReadMarkerChange>(new IOException("disk gone"));

        public Task MoveTargetAsync(string target, string newTarget, CancellationToken cancellationToken = default) =>
            Task.FromException(new IOException("disk gone"));
    }
}
