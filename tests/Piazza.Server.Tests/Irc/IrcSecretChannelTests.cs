using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>Channel mode +s: hidden from LIST, WHOIS and NAMES of those not in the channel; NAMES says "@".</summary>
[Trait("Category", "Slow")]
public sealed class IrcSecretChannelTests
{
    [Fact]
    public async Task A_secret_channel_is_listed_only_to_its_members()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await alice.JoinAsync("#hidden");
        await alice.JoinAsync("#open");
        await alice.SendAsync("MODE #hidden +s");
        Assert.Equal(":alice!~aliceu@127.0.0.1 MODE #hidden +s", (await alice.ExpectAsync("MODE")).Raw);

        await bob.SendAsync("LIST");
        var outside = await bob.SyncAsync();
        await bob.SendAsync("LIST #hidden");
        var named = await bob.SyncAsync();
        await alice.SendAsync("LIST");
        var inside = await alice.SyncAsync();

        Assert.DoesNotContain(outside, l => l.IsError);
        Assert.Contains(outside, l => l.Is("322") && l[1] == "#open");
        Assert.DoesNotContain(outside, l => l.Is("322") && l[1] == "#hidden");
        Assert.Equal(["321", "323"], named.Select(l => l.Command));
        Assert.Contains(inside, l => l.Is("322") && l[1] == "#hidden");
    }

    [Fact]
    public async Task Names_of_a_secret_channel_say_at_to_members_and_nothing_to_outsiders()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await alice.JoinAsync("#hidden");
        await alice.SendAsync("MODE #hidden +s");
        await alice.ExpectAsync("MODE");

        await alice.SendAsync("NAMES #hidden");
        var inside = await alice.SyncAsync();
        await bob.SendAsync("NAMES #hidden");
        var outside = await bob.SyncAsync();
        var joined = await bob.JoinAsync("#hidden");

        Assert.Equal(["353", "366"], inside.Select(l => l.Command));
        Assert.Equal(["alice", "@", "#hidden", "@alice"], inside[0].Parameters);
        Assert.Equal(["366"], outside.Select(l => l.Command));
        Assert.Equal(["bob", "#hidden", "End of /NAMES list"], outside[0].Parameters);
        Assert.All(joined.Where(l => l.Is("353")), l => Assert.Equal(["bob", "@", "#hidden"], l.Parameters.Take(3)));
        Assert.Contains(joined, l => l.Is("353"));
    }

    [Fact]
    public async Task Whois_hides_a_secret_channel_from_outsiders_only()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#both", "alice", "bob");
        await using var carol = await server.ConnectIrcAsync("carol");
        await alice.JoinAsync("#hidden");
        await alice.SendAsync("MODE #hidden +s");
        await alice.ExpectAsync("MODE");

        await carol.SendAsync("WHOIS alice");
        var outside = await carol.SyncAsync();
        await bob.JoinAsync("#hidden");
        await bob.SendAsync("WHOIS alice");
        var inside = await bob.SyncAsync();

        Assert.DoesNotContain(outside, l => l.IsError);
        Assert.Equal("@#both", outside.Single(l => l.Is("319")).Last);
        Assert.Equal(["@#both", "@#hidden"], inside.Single(l => l.Is("319")).Last.Split(' ').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Secret_is_shown_in_channel_modes_and_can_be_unset()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        await using var carol = await server.ConnectIrcAsync("carol");
        await alice.SendAsync("MODE #dev +s");
        await alice.SendAsync("MODE #dev");
        var set = await alice.SyncAsync();
        await alice.SendAsync("MODE #dev -s");
        Assert.Equal(":alice!~aliceu@127.0.0.1 MODE #dev -s", (await bob.ExpectAsync(l => l.Is("MODE") && l[1] == "-s")).Raw);
        await carol.SendAsync("LIST #dev");
        var listed = await carol.SyncAsync();

        Assert.Equal(["alice", "#dev", "+nst"], set.Single(l => l.Is("324")).Parameters);
        Assert.Contains(listed, l => l.Is("322") && l[1] == "#dev");
    }

    [Fact]
    public async Task Isupport_chanmodes_has_s()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("VERSION");
        var lines = await alice.SyncAsync();

        Assert.Contains(lines, l => l.Is("005") && l.Parameters.Contains("CHANMODES=Ibe,k,l,Cimnst"));
    }

    [Fact]
    public async Task Plain_rooms_hides_a_secret_room_from_outsiders_and_plain_mode_sets_it()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var plain = await server.ConnectAsync("pat");
        await alice.JoinAsync("#hidden");
        await alice.SendAsync("MODE #hidden +s");
        await alice.ExpectAsync("MODE");

        await plain.SendAsync("/rooms");
        Assert.Equal("* 1 room:", await plain.NextAsync());
        Assert.Equal("*   lobby (1)", await plain.NextAsync());

        await plain.SendAsync("/join dev");
        await plain.SendAsync("/mode +s");
        await plain.ExpectAsync("* you set mode +s on dev");
        await plain.SendAsync("/mode");
        await plain.ExpectAsync("* modes of dev: +nst");
    }
}
