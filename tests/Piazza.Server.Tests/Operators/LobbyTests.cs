using Piazza.Testing;

namespace Piazza.Server.Tests.Operators;

/// <summary>Permanent rooms, the lobby first: whoever comes first does not own them.</summary>
[Trait("Category", "Slow")]
public sealed class LobbyTests
{
    [Fact]
    public async Task Neither_of_two_plain_users_in_the_lobby_can_ban_the_other()
    {
        await using var server = await TestServer.StartAsync();
        var (first, second) = await server.PlainPairAsync();

        foreach (var client in new[] { first, second })
        {
            await client.SendAsync("/mode +b *!*@*");
            Assert.Equal("! only the operators of lobby may change its modes", await client.NextAsync());
        }

        Assert.Empty(server.Hub.DefaultRoom.Bans);
        await second.SendAsync("still in");
        Assert.Equal($"[{second.Address}] still in", await first.NextAsync());
    }

    [Fact]
    public async Task The_first_irc_user_in_an_empty_lobby_is_no_operator_but_in_a_new_channel_is()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        var lobby = await alice.JoinAsync("#lobby");
        var dev = await alice.JoinAsync("#dev");

        Assert.Equal("alice", lobby.Single(l => l.Is("353")).Last);
        Assert.Equal("@alice", dev.Single(l => l.Is("353")).Last);
        await alice.SendAsync("MODE #lobby +b *!*@*");
        var refused = await alice.NextAsync();
        Assert.Equal(["482", "alice", "#lobby"], [refused.Command, refused[0], refused[1]]);
    }

    [Fact]
    public async Task A_permanent_room_is_listed_while_empty_and_keeps_its_topic_after_everyone_left()
    {
        await using var server = await TestServer.StartAsync("Chat:PermanentRooms:0=help", "Chat:RoomModes=n");
        await using (var alice = await server.ConnectIrcAsync("alice"))
        {
            var joined = await alice.JoinAsync("#help");
            Assert.Equal("alice", joined.Single(l => l.Is("353")).Last);
            await alice.SendAsync("TOPIC #help :ask here");
            await alice.ExpectAsync("TOPIC");
            await alice.SendAsync("QUIT");
            await alice.WaitClosedAsync();
        }

        await using var bob = await server.ConnectIrcAsync("bob");
        await bob.SendAsync("LIST");
        var list = await bob.ReadUntilAsync(l => l.Is("323"));
        Assert.Contains(list, l => l.Is("322") && l[1] == "#help" && l[2] == "0" && l.Last.EndsWith("ask here", StringComparison.Ordinal));
    }
}
