using Piazza.Client.Model;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>The client follows a channel renamed on the server (draft/channel-rename): the window takes the new name.</summary>
[Trait("Category", "Slow")]
public sealed class RenameTests
{
    [Fact]
    public async Task A_renamed_channel_keeps_its_window_and_lines_under_the_new_name_and_typing_goes_there()
    {
        await using var server = await TestServer.StartAsync();
        await using var op = await server.ConnectIrcAsync("op");
        await op.JoinAsync("#dev");
        await using var alice = await TestChatClient.ConnectAsync(server.IrcEndPoint, "alice", "#dev");
        await op.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "alice");
        Assert.Contains("draft/channel-rename", await alice.ReadAsync(c => c.Session!.Caps.ToList()));
        await op.SendAsync("PRIVMSG #dev :before the move");
        await alice.WaitForMessageAsync("#dev", "op", "before the move");

        await op.SendAsync("RENAME #dev #ops :tidy");

        var told = await alice.WaitForLineAsync("#ops", l => l.Text == "op renamed #dev to #ops (tidy)");
        Assert.Equal(LineKind.Event, told.Kind);
        Assert.Null(await alice.ReadAsync(c => c.State.Find("#dev")));
        Assert.Equal("#ops", await alice.ReadAsync(c => c.State.Current.Name));
        Assert.Contains(await alice.ReadAsync(c => c.State.Find("#ops")!.Lines.ToList()), l => l.Text == "before the move");
        Assert.Equal(["alice", "op"], await alice.ReadAsync(c => c.State.Find("#ops")!.Members.Keys.Order().ToList()));

        await alice.TypeAsync("hello under the new name");
        Assert.Equal("#ops", (await op.ExpectAsync(l => l.Is("PRIVMSG") && l.Last == "hello under the new name"))[0]);
    }
}
