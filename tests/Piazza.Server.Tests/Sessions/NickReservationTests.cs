using Piazza.Server.Sessions;
using Piazza.Server.Tests.Infrastructure;

namespace Piazza.Server.Tests.Sessions;

/// <summary>
/// The watch over a registered nick (<see cref="NickReservation"/>) on a fake clock: it wakes once
/// the grace is over, and a wake that is stale (disarmed, armed again, or early) gives nothing. No sockets.
/// </summary>
public sealed class NickReservationTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new();
    private int _wakes;

    [Fact]
    public void It_wakes_when_the_grace_is_over_and_then_gives_the_nick_once()
    {
        using var watch = New();
        watch.Arm("alice");

        _clock.Advance(Grace - TimeSpan.FromTicks(1));
        Assert.Equal(0, _wakes);
        _clock.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(1, _wakes);
        Assert.Equal("alice", watch.TakeIfDue());
        Assert.Null(watch.TakeIfDue());
        Assert.Null(watch.Nick);
    }

    [Fact]
    public void Disarmed_it_never_wakes_and_a_wake_already_under_way_gives_nothing()
    {
        using var watch = New();
        watch.Arm("alice");
        watch.Disarm();
        _clock.Advance(Grace * 2);
        Assert.Equal(0, _wakes);
        Assert.Null(watch.TakeIfDue());
    }

    [Fact]
    public void Armed_again_an_early_wake_gives_nothing_and_waits_for_the_new_deadline()
    {
        using var watch = New();
        watch.Arm("alice");
        _clock.Advance(TimeSpan.FromSeconds(20));
        watch.Arm("alice");

        // As if the first arming's callback had already been on its way.
        Assert.Null(watch.TakeIfDue());
        Assert.Equal("alice", watch.Nick);
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, _wakes);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _wakes);
        Assert.Equal("alice", watch.TakeIfDue());
    }

    [Fact]
    public void Disposed_it_wakes_nobody()
    {
        var watch = New();
        watch.Arm("alice");
        watch.Dispose();
        _clock.Advance(Grace * 2);
        Assert.Equal(0, _wakes);
        Assert.Equal(0, _clock.PendingTimers);
        watch.Arm("bob"); // after the end, harmless
        Assert.Equal(0, _clock.PendingTimers);
    }

    private NickReservation New() => new(_clock, Grace, () => _wakes++);
}
