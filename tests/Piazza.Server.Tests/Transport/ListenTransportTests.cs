using Piazza.Server.Transport;
using Piazza.Testing;

namespace Piazza.Server.Tests.Transport;

/// <summary>
/// <c>Listen:Transport</c> end to end: by default the chat and IRC ports run on Piazza's own
/// transport and the HTTP port on Kestrel's; <c>kestrel</c> puts them back on Kestrel's; either
/// way plain and IRC clients chat in one room and leave cleanly.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ListenTransportTests
{
    [Fact]
    public async Task By_default_the_chat_and_irc_ports_use_our_transport_and_clients_chat_across_them()
    {
        await using var server = await TestServer.StartAsync();

        Assert.IsType<ChatListenEndPoint>(server.EndPoint);
        Assert.IsType<ChatListenEndPoint>(server.IrcEndPoint);
        Assert.IsNotType<ChatListenEndPoint>(server.HttpEndPoint);
        await ChatAcrossAsync(server);
    }

    [Fact]
    public async Task Kestrel_carries_both_ports_when_asked_and_clients_chat_the_same()
    {
        await using var server = await TestServer.StartAsync("Listen:Transport=kestrel");

        Assert.IsNotType<ChatListenEndPoint>(server.EndPoint);
        Assert.IsNotType<ChatListenEndPoint>(server.IrcEndPoint);
        await ChatAcrossAsync(server);
    }

    private static async Task ChatAcrossAsync(TestServer server)
    {
        var (alice, bob) = await server.PlainPairInAsync("dev", "alice", "bob");
        await using var carol = await IrcClient.ConnectAsync(server.IrcEndPoint, "carol");
        await carol.SendAsync("JOIN #dev");
        await carol.ExpectAsync("366");
        await alice.ExpectAsync(l => l.Contains("carol joined dev", StringComparison.Ordinal));

        await alice.SendAsync("hello both");
        Assert.Equal("[alice@dev] hello both", await bob.NextChatAsync());
        Assert.Equal("hello both", (await carol.ExpectAsync("PRIVMSG")).Last);
        await carol.SendAsync("PRIVMSG #dev :hi from irc");
        Assert.Equal("[carol@dev] hi from irc", await alice.NextChatAsync());

        await bob.SendAsync("exit");
        await bob.WaitClosedAsync();
        await carol.SendAsync("QUIT :done");
        await carol.WaitClosedAsync();
        await alice.SendAsync("exit");
        await alice.WaitClosedAsync();
        await server.WaitAllClosedAsync();
    }
}
