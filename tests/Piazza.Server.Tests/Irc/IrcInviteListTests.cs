using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>INVITE without parameters: the channels you are invited to (336/337, https://modern.ircdocs.horse/#invite-message).</summary>
[Trait("Category", "Slow")]
public sealed class IrcInviteListTests
{
    [Fact]
    public async Task Invite_alone_lists_pending_invitations_until_they_are_used()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await alice.JoinAsync("#zeta");
        await alice.JoinAsync("#alpha");
        await alice.SendAsync("INVITE bob #zeta");
        await alice.ExpectAsync("341");
        await alice.SendAsync("INVITE bob #alpha");
        await alice.ExpectAsync("341");
        await bob.ExpectAsync(l => l.Is("INVITE") && l[1] == "#alpha");

        await bob.SendAsync("INVITE");
        var listed = await bob.SyncAsync();
        await bob.JoinAsync("#alpha");
        await bob.SendAsync("INVITE");
        var afterJoin = await bob.SyncAsync();

        Assert.Equal(["336", "336", "337"], listed.Select(l => l.Command));
        Assert.Equal(["bob", "#alpha"], listed[0].Parameters);
        Assert.Equal(["bob", "#zeta"], listed[1].Parameters);
        Assert.Equal(["bob", "End of /INVITE list"], listed[2].Parameters);
        Assert.Equal(["336", "337"], afterJoin.Select(l => l.Command));
        Assert.Equal(["bob", "#zeta"], afterJoin[0].Parameters);
    }

    [Fact]
    public async Task Without_invitations_only_the_end_comes_and_one_parameter_is_461()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("INVITE");
        var empty = await alice.SyncAsync();
        await alice.SendAsync("INVITE bob");
        var half = await alice.SyncAsync();

        Assert.Equal(["337"], empty.Select(l => l.Command));
        Assert.Equal(["alice", "End of /INVITE list"], empty[0].Parameters);
        Assert.Equal(["461"], half.Select(l => l.Command));
        Assert.Equal(["alice", "INVITE"], half[0].Parameters.Take(2));
    }
}
