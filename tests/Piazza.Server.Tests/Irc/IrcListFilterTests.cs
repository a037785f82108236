using Piazza.Server.Tests.Infrastructure;

using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>LIST with ELIST filters (https://modern.ircdocs.horse/#elist-parameter): masks, !masks, member counts, creation and topic times.</summary>
[Trait("Category", "Slow")]
public sealed class IrcListFilterTests
{
    [Fact]
    public async Task Masks_and_not_masks_choose_channels()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#chan1");
        await alice.JoinAsync("#chan2");
        await alice.JoinAsync("#other");

        Assert.Equal(["#chan1"], await ListedAsync(alice, "*an1"));
        Assert.Equal(["#chan1", "#chan2"], await ListedAsync(alice, "#CH*"));
        Assert.Equal(["#chan2", "#other"], await ListedAsync(alice, "#chan2,#other"));
        Assert.Equal(["#chan1", "#chan2"], await ListedAsync(alice, "!#o*,!#lobby"));
        Assert.Equal(["#chan1"], await ListedAsync(alice, "#c*,!*2"));
        Assert.Empty(await ListedAsync(alice, "*an3"));
    }

    [Fact]
    public async Task Member_counts_filter_with_more_and_fewer_than()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#busy", "alice", "bob");
        await alice.JoinAsync("#quiet");

        Assert.Equal(["#busy"], await ListedAsync(bob, ">1,#*"));
        Assert.Equal(["#quiet"], await ListedAsync(bob, "<2,!#lobby"));
        Assert.Equal(["#lobby"], await ListedAsync(bob, "<1")); // #lobby always exists, and no IRC user is in it
        Assert.Equal(["#busy", "#quiet"], await ListedAsync(bob, ">0,<100,!#lobby"));
    }

    [Fact]
    public async Task Creation_and_topic_times_filter_in_minutes_ago()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var server = await TestServer.StartWithClockAsync(clock, "Irc:PingIntervalSeconds=3600");
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#old");
        await alice.SendAsync("TOPIC #old :first");
        await alice.ExpectAsync("TOPIC");
        clock.Advance(TimeSpan.FromMinutes(3));
        await alice.JoinAsync("#new");
        await alice.SendAsync("TOPIC #new :second");
        await alice.ExpectAsync("TOPIC");
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(["#old"], await ListedAsync(alice, "C>2,!#lobby"));
        Assert.Equal(["#new"], await ListedAsync(alice, "C<2"));
        Assert.Empty(await ListedAsync(alice, "C<0"));
        Assert.Equal(["#old"], await ListedAsync(alice, "T>2"));
        Assert.Equal(["#new"], await ListedAsync(alice, "T<2"));
        Assert.Equal(["#new", "#old"], await ListedAsync(alice, "T>0"));
    }

    [Theory]
    [InlineData(">x")]
    [InlineData("C>")]
    [InlineData("T<99999999999999")]
    [InlineData("!")]
    [InlineData(",,,")]
    public async Task A_filter_that_reads_as_nothing_is_ignored(string item)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#dev");

        Assert.Equal(["#dev"], await ListedAsync(alice, item + ",!#lobby"));
    }

    [Fact]
    public async Task Isupport_advertises_the_filters_that_work()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("VERSION");

        var tokens = (await alice.SyncAsync()).Where(l => l.Is("005")).SelectMany(l => l.Parameters).ToList();

        Assert.Contains("ELIST=CMNTU", tokens);
    }

    /// <summary>The channels a LIST names, sorted, after checking it is one 321 … 323 with nothing else.</summary>
    private static async Task<List<string>> ListedAsync(IrcClient client, string parameter)
    {
        await client.SendAsync("LIST " + parameter);
        var lines = await client.SyncAsync();
        Assert.Equal("321", lines[0].Command);
        Assert.Equal("323", lines[^1].Command);
        Assert.All(lines.Skip(1).SkipLast(1), l => Assert.Equal("322", l.Command));
        return [.. lines.Where(l => l.Is("322")).Select(l => l[1]).Order(StringComparer.Ordinal)];
    }
}
