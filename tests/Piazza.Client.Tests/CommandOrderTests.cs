using System.Globalization;

using Piazza.Client.Model;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>
/// What the user types takes effect in the order typed, whatever the server's timing: lines after
/// a /join go to the joined room (or, refused, nowhere), /who answers in the window it was typed
/// in, and topic changes from history sit among the earlier messages. Lines are submitted in one
/// go on the client's thread, so no answer from the server can come between them.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CommandOrderTests
{
    [Fact]
    public async Task Lines_typed_right_after_a_join_go_to_the_joined_room_and_who_answers_there()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await TestChatClient.ConnectAsync(server.IrcEndPoint, "alice", "#lobby");
        await using var bob = await TestChatClient.ConnectAsync(server.IrcEndPoint, "bob", "#lobby");
        for (var round = 1; round <= 5; round++)
        {
            var room = "#dev" + round.ToString(CultureInfo.InvariantCulture);
            await bob.TypeAsync("/join " + room);
            await bob.WaitForLineAsync(room, l => l.Text == "You joined " + room);

            await alice.InvokeAsync(c =>
            {
                c.Submit("/join " + room);
                c.Submit("hello " + room);
                c.Submit("/me waves in " + room);
                c.Submit("/who");
                c.Submit("/join #lobby");
                c.Submit("back in the lobby " + round.ToString(CultureInfo.InvariantCulture));
            });

            await bob.WaitForMessageAsync(room, "alice", "hello " + room);
            await bob.WaitForMessageAsync(room, "alice", "waves in " + room);
            await bob.WaitForMessageAsync("#lobby", "alice", "back in the lobby " + round.ToString(CultureInfo.InvariantCulture));
            await alice.WaitForLineAsync(room, l => l.Text.Contains("End of WHO list", StringComparison.Ordinal));
        }

        // Nothing meant for a room landed elsewhere, and the WHO rows are in the rooms' windows.
        Assert.DoesNotContain(bob.Lines, l => l.Conversation == "#lobby" && l.Line.Nick == "alice" && !l.Line.Text.StartsWith("back in the lobby", StringComparison.Ordinal));
        Assert.DoesNotContain(alice.Lines, l => l.Line.Kind == LineKind.Error);
        var server0 = await alice.ReadAsync(c => c.State.Server.Name);
        Assert.DoesNotContain(alice.Lines, l => l.Conversation == server0 && (l.Line.Text.Contains("End of WHO", StringComparison.Ordinal) || l.Line.Text.StartsWith("#dev", StringComparison.Ordinal)));
        Assert.Contains(alice.Lines, l => l.Conversation == "#dev3" && l.Line.Text.StartsWith("#dev3 ", StringComparison.Ordinal) && l.Line.Text.Contains(" alice ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task What_follows_a_refused_join_is_sent_nowhere_and_the_next_join_goes_on()
    {
        await using var server = await TestServer.StartAsync();
        await using var holder = await server.ConnectIrcAsync("holder");
        await holder.JoinAsync("#closed");
        await holder.SendAsync("MODE #closed +i");
        await holder.ExpectAsync(l => l.Is("MODE"));
        await using var bob = await TestChatClient.ConnectAsync(server.IrcEndPoint, "bob", "#lobby", "#open");
        await using var alice = await TestChatClient.ConnectAsync(server.IrcEndPoint, "alice", "#lobby");

        await alice.InvokeAsync(c =>
        {
            c.Submit("/join #closed");
            c.Submit("secret for the closed room");
            c.Submit("/join #open");
            c.Submit("fine in the open room");
        });

        await bob.WaitForMessageAsync("#open", "alice", "fine in the open room");
        await alice.WaitForLineAsync("#closed", l => l.Kind == LineKind.Error && l.Text.Contains("+i", StringComparison.Ordinal));
        await alice.WaitForLineAsync("#closed", l => l.Kind == LineKind.Error && l.Text.StartsWith("Not sent: you are not in #closed", StringComparison.Ordinal));

        // Sent in order, the secret would have come to bob before the open room's line.
        Assert.DoesNotContain(bob.Lines, l => l.Line.Text.Contains("secret", StringComparison.Ordinal));
        Assert.Equal("#open", await alice.ReadAsync(c => c.State.Current.Name));
    }

    [Fact]
    public async Task Topic_changes_from_history_sit_among_the_earlier_messages_above_the_join()
    {
        await using var server = await TestServer.StartAsync();
        await using var dan = await TestChatClient.ConnectAsync(server.IrcEndPoint, "dan", "#lobby", "#talk");
        await dan.TypeAsync("/join #talk");
        await dan.TypeAsync("before the topic");
        await dan.TypeAsync("/topic the topic now");
        await dan.TypeAsync("after the topic");
        await dan.WaitForMessageAsync("#talk", "dan", "after the topic");

        await using var erin = await TestChatClient.ConnectAsync(server.IrcEndPoint, "erin", "#lobby", "#talk");

        await erin.WaitForMessageAsync("#talk", "dan", "after the topic");
        var lines = await erin.ReadAsync(c => c.State.Find("#talk")!.Lines.ToList());
        var shown = string.Join("\n", lines.Select(LineFormat.Full));
        var before = lines.FindIndex(l => l.Text == "before the topic");
        var topic = lines.FindIndex(l => l.Text == "dan set the topic: the topic now");
        var after = lines.FindIndex(l => l.Text == "after the topic");
        var joined = lines.FindIndex(l => l.Text == "You joined #talk");
        Assert.True(before >= 0 && before < topic && topic < after && after < joined, shown);
        Assert.True(lines[topic].IsHistory, shown);
        Assert.Single(lines, l => l.Text.Contains("set the topic", StringComparison.Ordinal));
        Assert.Equal("the topic now", await erin.ReadAsync(c => c.State.Find("#talk")!.Topic));
    }
}
