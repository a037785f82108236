using Piazza.Cluster;

namespace Piazza.Server.Tests.Cluster;

/// <summary>
/// <see cref="UndeliveredCalls"/>: a grain call the cluster refused (its node had just died) is made
/// again until it goes through or the time is up; any other failure is not.
/// </summary>
public sealed class UndeliveredCallsTests
{
    [Fact]
    public async Task A_refused_call_is_made_again_until_it_goes_through()
    {
        var calls = 0;
        var answer = await UndeliveredCalls.RetryAsync(
            () => ++calls < 3 ? Task.FromException<string>(new SiloUnavailableException("the node died")) : Task.FromResult("held"),
            TimeSpan.FromSeconds(30));

        Assert.Equal(("held", 3), (answer, calls));
    }

    [Fact]
    public async Task Any_other_failure_ends_it_at_once()
    {
        var calls = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => UndeliveredCalls.RetryAsync(
            () =>
            {
                calls++;
                return Task.FromException(new InvalidOperationException("the grain said no"));
            },
            TimeSpan.FromSeconds(30)));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_call_refused_every_time_ends_with_its_refusal_once_the_time_is_up()
    {
        var calls = 0;
        await Assert.ThrowsAsync<SiloUnavailableException>(() => UndeliveredCalls.RetryAsync(
            () =>
            {
                calls++;
                return Task.FromException(new SiloUnavailableException("the node died"));
            },
            TimeSpan.FromMilliseconds(500)));

        // Waits of 100 and 200 ms fit in the half second, the next (400 ms) does not: 3 calls at
        // most, fewer on a machine slow enough to use the time up sooner.
        Assert.InRange(calls, 1, 3);
    }

    [Fact]
    public async Task A_call_that_never_answers_times_out()
    {
        var never = new TaskCompletionSource<int>();
        await Assert.ThrowsAsync<TimeoutException>(() => UndeliveredCalls.RetryAsync(() => never.Task, TimeSpan.FromMilliseconds(50)));
    }
}
