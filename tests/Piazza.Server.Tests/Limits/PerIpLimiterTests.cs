using System.Net;

using Microsoft.Extensions.Options;

using Piazza.Server.Limits;
using Piazza.Server.Tests.Infrastructure;

namespace Piazza.Server.Tests.Limits;

/// <summary>The per-IP table on its own, with a clock that moves only when told.</summary>
public sealed class PerIpLimiterTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.7");
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void At_most_the_limit_is_open_at_once_and_a_release_frees_a_slot()
    {
        var limiter = NewLimiter(maxOpen: 2, maxNew: 100);

        Assert.True(limiter.TryAdmit(Client, out var first, out _));
        Assert.True(limiter.TryAdmit(Client, out _, out _));
        Assert.False(limiter.TryAdmit(Client, out var none, out var refusal));
        Assert.Null(none);
        Assert.Equal((PerIpLimit.Concurrent, 2, true), (refusal.Limit, refusal.Max, refusal.FirstInRow));
        Assert.False(limiter.TryAdmit(Client, out _, out refusal));
        Assert.False(refusal.FirstInRow);
        Assert.True(limiter.TryAdmit(IPAddress.Parse("192.0.2.8"), out _, out _));

        limiter.Release(first!);
        Assert.True(limiter.TryAdmit(Client, out _, out _));
        Assert.Equal(2, limiter.OpenFrom(Client));
    }

    [Fact]
    public void New_connections_are_counted_per_window_and_the_window_starts_again_after_it_ends()
    {
        var limiter = NewLimiter(maxOpen: 100, maxNew: 3, windowSeconds: 60);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.TryAdmit(Client, out var group, out _));
            limiter.Release(group!);
        }

        _clock.Advance(TimeSpan.FromSeconds(59.5));
        Assert.False(limiter.TryAdmit(Client, out _, out var refusal));
        Assert.Equal(PerIpLimit.Rate, refusal.Limit);
        Assert.Equal(TimeSpan.FromSeconds(0.5), refusal.RetryAfter);
        Assert.Contains("try again in 1 s", refusal.Reason, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(limiter.TryAdmit(Client, out _, out _));
        Assert.True(limiter.TryAdmit(Client, out _, out _));
        Assert.True(limiter.TryAdmit(Client, out _, out _));
        Assert.False(limiter.TryAdmit(Client, out _, out refusal));
        Assert.True(refusal.FirstInRow);
    }

    [Fact]
    public void One_ipv6_64_is_one_client_and_a_mapped_ipv4_address_is_its_ipv4_address()
    {
        var limiter = NewLimiter(maxOpen: 2, maxNew: 100);

        Assert.True(limiter.TryAdmit(IPAddress.Parse("2001:db8:0:1::a"), out _, out _));
        Assert.True(limiter.TryAdmit(IPAddress.Parse("2001:db8:0:1::b"), out _, out _));
        Assert.False(limiter.TryAdmit(IPAddress.Parse("2001:db8:0:1:dead:beef::1"), out _, out _));
        Assert.True(limiter.TryAdmit(IPAddress.Parse("2001:db8:0:2::a"), out _, out _));

        Assert.True(limiter.TryAdmit(Client, out _, out _));
        Assert.True(limiter.TryAdmit(Client.MapToIPv6(), out var mapped, out _));
        Assert.Equal(Client, mapped);
        Assert.False(limiter.TryAdmit(Client.MapToIPv6(), out _, out _));
    }

    [Fact]
    public void An_exempt_address_is_admitted_without_being_counted()
    {
        var limiter = NewLimiter(maxOpen: 1, maxNew: 1, exempt: ["192.0.2.0/24"]);

        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.TryAdmit(Client, out var group, out _));
            Assert.Null(group);
        }

        Assert.Equal(0, limiter.TrackedAddresses);
        Assert.True(limiter.TryAdmit(IPAddress.Parse("198.51.100.1"), out _, out _));
        Assert.False(limiter.TryAdmit(IPAddress.Parse("198.51.100.1"), out _, out _));
    }

    [Fact]
    public void An_address_is_forgotten_once_it_has_no_connection_and_its_window_is_over()
    {
        var limiter = NewLimiter(maxOpen: 10, maxNew: 10, windowSeconds: 60);
        Assert.True(limiter.TryAdmit(Client, out var held, out _));
        Assert.True(limiter.TryAdmit(IPAddress.Parse("192.0.2.8"), out var released, out _));
        limiter.Release(released!);
        Assert.Equal(2, limiter.TrackedAddresses);

        // Released inside its window: kept (it still counts), then swept once the window is over.
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.True(limiter.TryAdmit(IPAddress.Parse("198.51.100.1"), out var third, out _));
        Assert.Equal(2, limiter.TrackedAddresses);

        // Released after its window: removed at once.
        limiter.Release(held!);
        Assert.Equal(1, limiter.TrackedAddresses);
        _clock.Advance(TimeSpan.FromSeconds(61));
        limiter.Release(third!);
        Assert.Equal(0, limiter.TrackedAddresses);
    }

    [Fact]
    public void The_table_stays_bounded_under_a_spray_from_many_addresses()
    {
        var limiter = NewLimiter(maxOpen: 10, maxNew: 10, windowSeconds: 600);
        var bytes = new byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        for (var i = 0; i < PerIpLimiter.MaxTrackedAddresses * 2; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), i);
            Assert.True(limiter.TryAdmit(new IPAddress(bytes), out var group, out _));
            limiter.Release(group!);
            Assert.True(limiter.TrackedAddresses <= PerIpLimiter.MaxTrackedAddresses);
        }
    }

    private PerIpLimiter NewLimiter(int maxOpen, int maxNew, int windowSeconds = 600, List<string>? exempt = null) =>
        new(Options.Create(new LimitsOptions
        {
            MaxConnectionsPerIp = maxOpen,
            MaxNewConnectionsPerIp = maxNew,
            NewConnectionWindowSeconds = windowSeconds,
            Exempt = exempt,
        }), _clock);
}
