using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>A rename seen and made by plain users: the room they are in follows, current room and history included.</summary>
[Trait("Category", "Slow")]
public sealed class CrossProtocolRenameTests
{
    [Fact]
    public async Task A_plain_user_sees_the_rename_and_goes_on_talking_in_the_renamed_room()
    {
        await using var server = await TestServer.StartAsync();
        await using var lobby = await MixedLobby.StartAsync(server);
        var (alice, bob, carol) = lobby;
        await alice.JoinAsync("#dev");
        await bob.SendAsync("/join dev");
        await bob.ExpectAsync("* you are in dev; 1 other is here");
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "bob");
        await bob.SendAsync("said before");
        await alice.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == "said before");

        await alice.SendAsync("RENAME #dev #ops :better name");

        Assert.Equal("* alice renamed room dev to ops (better name)", await bob.NextAsync());
        await bob.SendAsync("still here");
        var relayed = await alice.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == "still here");
        Assert.Equal("#ops", relayed[0]);
        await bob.SendAsync("/topic");
        Assert.Equal("* ops has no topic", await bob.NextAsync());
        await bob.SendAsync("/history");
        Assert.Equal("* history of ops (2 messages):", await bob.NextAsync());
        Assert.EndsWith("[bob] said before", await bob.NextAsync(), StringComparison.Ordinal);
        Assert.EndsWith("[bob] still here", await bob.NextAsync(), StringComparison.Ordinal);

        // carol, in the lobby only, heard nothing of it.
        await carol.SendAsync("/who ops");
        Assert.Equal("* in ops (2):", await carol.NextAsync());
        Assert.Equal("*   alice bob", await carol.NextAsync());
    }

    [Fact]
    public async Task A_plain_operator_renames_its_room_and_irc_users_see_rename_or_the_fallback()
    {
        await using var server = await TestServer.StartAsync();
        await using var bob = await server.ConnectAsync("bob");
        await bob.SendAsync("/join dev");
        await bob.ExpectAsync("* you are in dev; nobody else is here");
        await using var capped = await server.ConnectIrcAsync("capped", "draft/channel-rename");
        await using var bare = await server.ConnectIrcAsync("bare");
        await capped.JoinAsync("#dev");
        await bare.JoinAsync("#dev");
        await capped.ExpectAsync("JOIN");

        await bob.SendAsync("/rename ops moving on");

        Assert.Equal("* you renamed dev to ops", await bob.ExpectAsync(l => l.Contains("renamed", StringComparison.Ordinal)));
        Assert.Equal(["#dev", "#ops", "moving on"], (await capped.ExpectAsync("RENAME")).Parameters);
        var fallback = await bare.ReadUntilAsync(l => l.Is("366"));
        Assert.Equal(["PART", "JOIN", "353", "366"], fallback.Select(l => l.Command));
        Assert.Equal("@bob capped bare", fallback[2].Last);
        await bob.SendAsync("on ops now");
        Assert.Equal("#ops", (await bare.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == "on ops now"))[0]);
    }

    [Fact]
    public async Task Plain_refusals_say_why()
    {
        await using var server = await TestServer.StartAsync();
        var (bob, carol) = await server.PlainPairAsync("bob", "carol");
        await carol.SendAsync("/join taken");
        await carol.ExpectAsync(l => l.StartsWith("* you are in taken", StringComparison.Ordinal));
        await bob.SendAsync("/join dev");
        await bob.ExpectAsync("* you are in dev; nobody else is here");

        await bob.SendAsync("/rename");
        Assert.Equal("! usage: /rename NAME [REASON]", await bob.NextAsync());
        await bob.SendAsync("/rename TAKEN");
        Assert.Equal("! there is a room called TAKEN already", await bob.NextAsync());
        await bob.SendAsync("/rename no,way");
        Assert.Equal("! a room name holds only letters, digits, - _ and .", await bob.NextAsync());
        await bob.SendAsync("/join lobby");
        await bob.ExpectAsync("* what you type now goes to lobby");
        await bob.SendAsync("/rename hall");
        Assert.Equal("! only the operators of lobby may rename it", await bob.NextAsync());
        await carol.SendAsync("/part taken");
        await carol.ExpectAsync(l => l.StartsWith("* you left taken", StringComparison.Ordinal));
        await carol.SendAsync("/rename hall");
        Assert.Equal("! only the operators of lobby may rename it", await carol.NextAsync());
        Assert.NotNull(server.Hub.FindRoom("dev"));
        Assert.Null(server.Hub.FindRoom("hall"));
    }
}
