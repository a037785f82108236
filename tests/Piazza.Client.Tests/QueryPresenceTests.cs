using Piazza.Client.Model;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>Private conversations follow their person by MONITOR (https://ircv3.net/specs/extensions/monitor).</summary>
[Trait("Category", "Slow")]
public sealed class QueryPresenceTests
{
    [Fact]
    public async Task A_private_conversation_says_when_its_person_is_offline_comes_online_and_goes()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await TestChatClient.ConnectAsync(server.IrcEndPoint, "alice");

        await alice.TypeAsync("/query bob");
        await alice.WaitForLineAsync("bob", l => l.Kind == LineKind.Event && l.Text == "bob is offline");
        var bob = await server.ConnectIrcAsync("bob");
        await alice.WaitForLineAsync("bob", l => l.Text == "bob is online");
        await bob.SendAsync("QUIT :bye");
        await alice.WaitForLineAsync("bob", l => l.Text == "bob went offline");

        Assert.Equal(
            ["bob is offline", "bob is online", "bob went offline"],
            alice.Lines.Where(l => l.Conversation == "bob").Select(l => l.Line.Text));
        Assert.DoesNotContain(alice.Lines, l => l.Line.Kind == LineKind.Error);
    }

    [Fact]
    public async Task A_conversation_opened_by_a_message_is_watched_and_a_closed_one_no_longer()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await TestChatClient.ConnectAsync(server.IrcEndPoint, "alice");
        var bob = await server.ConnectIrcAsync("bob");

        await bob.SendAsync("PRIVMSG alice :hello");
        await alice.WaitForMessageAsync("bob", "bob", "hello");
        await alice.WaitUntilAsync(c => c.Monitor.IsOnline("bob") == true);
        await bob.SendAsync("NICK robert");
        await alice.WaitForLineAsync("bob", l => l.Text == "bob went offline");

        // Closing the conversation takes bob off the list: robert becoming bob again tells alice nothing.
        await alice.InvokeAsync(c => c.State.Show(c.State.Find("bob")!));
        await alice.TypeAsync("/part");
        await alice.TypeAsync("/quote MONITOR L");
        await alice.WaitUntilAsync(_ => EndsOfList(alice) == 1);
        await bob.SendAsync("NICK bob");
        await bob.ExpectAsync("NICK");
        await alice.TypeAsync("/quote MONITOR L");
        await alice.WaitUntilAsync(_ => EndsOfList(alice) == 2);

        Assert.DoesNotContain(alice.Lines, l => l.Line.Text.Contains("bob is online", StringComparison.Ordinal));
        Assert.Null(await alice.ReadAsync(c => c.State.Find("bob")));
    }

    [Fact]
    public async Task The_servers_limit_is_kept_and_a_freed_slot_goes_to_the_next_conversation()
    {
        await using var fake = new FakeIrcServer();
        var connecting = TestChatClient.ConnectAsync(TestChatClient.Settings(fake.EndPoint, "alice"));
        using var connection = await fake.AcceptAsync();
        await connection.ExpectAsync("CAP LS");
        await connection.SendAsync(":s 421 * CAP :Unknown command\r\n");
        await connection.ExpectAsync("USER");
        await connection.SendAsync(":s 001 alice :hi\r\n:s 005 alice MONITOR=1 :are supported\r\n:s 422 alice :no motd\r\n");
        await using var alice = await connecting;

        await alice.TypeAsync("/query bob");
        await alice.TypeAsync("/query carol");
        Assert.Equal("MONITOR + bob", await connection.ExpectAsync("MONITOR"));
        await connection.SendAsync(":s 730 alice :bob!b@host\r\n:s 731 alice :bob\r\n");
        await alice.WaitForLineAsync("bob", l => l.Text == "bob went offline");

        await alice.InvokeAsync(c => c.State.Show(c.State.Find("bob")!));
        await alice.TypeAsync("/part");

        Assert.Equal("MONITOR - bob", await connection.ReadLineAsync());
        Assert.Equal("MONITOR + carol", await connection.ReadLineAsync());
    }

    [Fact]
    public async Task Nothing_is_sent_to_a_server_without_MONITOR()
    {
        await using var fake = new FakeIrcServer();
        var connecting = TestChatClient.ConnectAsync(TestChatClient.Settings(fake.EndPoint, "alice"));
        using var connection = await fake.AcceptAsync();
        await connection.ExpectAsync("CAP LS");
        await connection.SendAsync(":s 421 * CAP :Unknown command\r\n");
        await connection.WelcomeAsync("alice");
        await using var alice = await connecting;

        await alice.TypeAsync("/query bob");
        await alice.TypeAsync("/quote PING :done");

        Assert.Equal("PING done", await connection.ReadLineAsync());
    }

    private static int EndsOfList(TestChatClient client) =>
        client.Lines.Count(l => l.Line.Text.Contains("End of MONITOR list", StringComparison.Ordinal));
}
