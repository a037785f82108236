using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>The list modes beside +b: ban exceptions (+e, 348/349) and invite exceptions (+I, 346/347).</summary>
[Trait("Category", "Slow")]
public sealed class IrcListModeTests
{
    [Fact]
    public async Task A_ban_exception_lets_a_banned_user_join_and_speak()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await alice.JoinAsync("#dev");
        await alice.SendAsync("MODE #dev +b *!*@127.0.0.1");
        await alice.ExpectAsync("MODE");

        await bob.SendAsync("JOIN #dev");
        var banned = await bob.NextAsync();
        Assert.Equal(["474", "bob", "#dev"], [banned.Command, .. banned.Parameters.Take(2)]);

        await alice.SendAsync("MODE #dev +e bob");
        Assert.Equal(":alice!~aliceu@127.0.0.1 MODE #dev +e bob!*@*", (await alice.ExpectAsync("MODE")).Raw);
        await bob.JoinAsync("#dev");
        await bob.SendAsync("PRIVMSG #dev :excepted");
        Assert.Equal("excepted", (await alice.ExpectAsync("PRIVMSG")).Last);
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.IsError);

        await alice.SendAsync("MODE #dev -e bob!*@*");
        await bob.ExpectAsync(l => l.Is("MODE") && l[1] == "-e");
        await bob.SendAsync("PRIVMSG #dev :banned again");
        var refused = await bob.NextAsync();
        Assert.Equal("404", refused.Command);
        Assert.Equal(["bob", "#dev"], refused.Parameters.Take(2));
    }

    [Fact]
    public async Task A_banned_join_without_exception_gets_474()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await alice.JoinAsync("#dev");
        await alice.SendAsync("MODE #dev +be bob carol");
        await alice.ExpectAsync("MODE");

        await bob.SendAsync("JOIN #dev");
        var refused = await bob.NextAsync();

        Assert.Equal("474", refused.Command);
        Assert.Equal(["bob", "#dev"], refused.Parameters.Take(2));
    }

    [Fact]
    public async Task An_invite_exception_lets_a_matching_user_past_invite_only()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");
        await using var carol = await server.ConnectIrcAsync("carol");
        await alice.JoinAsync("#dev");
        await alice.SendAsync("MODE #dev +iI bob");
        Assert.Equal(":alice!~aliceu@127.0.0.1 MODE #dev +iI bob!*@*", (await alice.ExpectAsync("MODE")).Raw);

        var joined = await bob.JoinAsync("#dev");
        await carol.SendAsync("JOIN #dev");
        var refused = await carol.NextAsync();

        Assert.Contains(joined, l => l.Is("366"));
        Assert.Equal("473", refused.Command);
        Assert.Equal(["carol", "#dev"], refused.Parameters.Take(2));
    }

    [Fact]
    public async Task The_exception_lists_are_listed_with_their_own_numerics()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#dev");
        await alice.SendAsync("MODE #dev +eI bob *@example.org");
        await alice.ExpectAsync("MODE");

        await alice.SendAsync("MODE #dev e");
        var exceptions = await alice.SyncAsync();
        await alice.SendAsync("MODE #dev +I");
        var invex = await alice.SyncAsync();
        await alice.SendAsync("MODE #dev +beI");
        var all = await alice.SyncAsync();

        Assert.Equal(["348", "349"], exceptions.Select(l => l.Command));
        Assert.Equal(["alice", "#dev", "bob!*@*", "alice"], exceptions[0].Parameters.Take(4));
        Assert.True(long.Parse(exceptions[0][4], System.Globalization.CultureInfo.InvariantCulture) > 1_600_000_000);
        Assert.Equal(["alice", "#dev", "End of channel exception list"], exceptions[1].Parameters);
        Assert.Equal(["346", "347"], invex.Select(l => l.Command));
        Assert.Equal(["alice", "#dev", "*!*@example.org", "alice"], invex[0].Parameters.Take(4));
        Assert.Equal(["alice", "#dev", "End of channel invite exception list"], invex[1].Parameters);
        Assert.Equal(["368", "348", "349", "346", "347"], all.Select(l => l.Command));
    }

    [Fact]
    public async Task Exceptions_need_an_operator_and_a_valid_mask_and_the_lists_are_bounded()
    {
        await using var server = await TestServer.StartAsync("Chat:MaxBansPerRoom=2");
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");

        await bob.SendAsync("MODE #dev +e bob");
        var notOp = await bob.NextAsync();
        await alice.SendAsync("MODE #dev +I a!b!c");
        var badMask = await alice.NextAsync();
        await alice.SendAsync("MODE #dev +eee a b c");
        var filled = await alice.SyncAsync();
        await bob.ExpectAsync("MODE");
        await bob.SendAsync("MODE #dev +e");
        var listed = await bob.SyncAsync();

        Assert.Equal(["482", "bob", "#dev"], [notOp.Command, .. notOp.Parameters.Take(2)]);
        Assert.Equal(["696", "alice", "#dev", "I", "a!b!c"], [badMask.Command, .. badMask.Parameters.Take(4)]);
        Assert.Equal(["478", "MODE"], filled.Select(l => l.Command).Order(StringComparer.Ordinal));
        Assert.Equal(["alice", "#dev", "e", "Channel list is full"], filled.Single(l => l.Is("478")).Parameters);
        Assert.Equal("+ee a!*@* b!*@*", string.Join(' ', filled.Single(l => l.Is("MODE")).Parameters.Skip(1)));
        Assert.Equal(["348", "348", "349"], listed.Select(l => l.Command));
    }

    [Fact]
    public async Task Isupport_advertises_excepts_invex_and_their_list_sizes()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("VERSION");
        var tokens = (await alice.SyncAsync()).Where(l => l.Is("005")).SelectMany(l => l.Parameters).ToList();

        Assert.Contains("EXCEPTS=e", tokens);
        Assert.Contains("INVEX=I", tokens);
        Assert.Contains("CHANMODES=Ibe,k,l,Cimnst", tokens);
        Assert.Contains("MAXLIST=b:100,e:100,I:100", tokens);
    }
}
