using System.Globalization;

using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

using Xunit.Abstractions;

namespace Piazza.Client.Tests.FullScreen;

/// <summary>
/// The piazza executable in a real terminal (tmux, 100x30), against the real Piazza server
/// in-process, with bob (the client's logic without a screen) on the other side: what is on
/// screen, what typing does, switching rooms, and quitting.
/// </summary>
[Trait("Category", "Slow")]
public sealed class FullScreenTests(ITestOutputHelper log)
{
    [Fact]
    public async Task A_message_arriving_leaves_a_half_typed_line_alone_and_Enter_sends_it()
    {
        await using var server = await StartServerAsync();
        await using var alice = await StartAliceAsync(server);
        await using var bob = await TestChatClient.ConnectAsync(server.EndPoint, "bob", "#lobby");
        await alice.WaitForScreenAsync(s => s.Status.Contains("#lobby (2 members)", StringComparison.Ordinal), "two members in #lobby");

        await alice.TypeAsync("half typed");
        await alice.WaitForScreenAsync(s => s.Input == "half typed", "the half-typed line");
        await bob.TypeAsync("hello alice");

        var screen = await alice.WaitForTextAsync("<bob> hello alice");
        Assert.Equal("half typed", screen.Input);
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] <bob> hello alice$", screen.Rows.Single(r => r.Contains("<bob>", StringComparison.Ordinal)));

        await alice.PressAsync("Enter");
        await bob.WaitForMessageAsync("#lobby", "alice", "half typed");
        screen = await alice.WaitForTextAsync("<alice> half typed");
        Assert.Equal(string.Empty, screen.Input);

        await alice.PressAsync("Up");
        await alice.WaitForScreenAsync(s => s.Input == "half typed", "the sent line recalled by Up");
    }

    [Fact]
    public async Task PageUp_scrolls_back_while_typing_goes_on_and_PageDown_returns_to_the_bottom()
    {
        await using var server = await StartServerAsync();
        await using var alice = await StartAliceAsync(server);
        await using var bob = await TestChatClient.ConnectAsync(server.EndPoint, "bob", "#lobby");
        for (var i = 1; i <= 40; i++)
        {
            await bob.TypeAsync("line " + i.ToString(CultureInfo.InvariantCulture));
        }

        await alice.WaitForTextAsync("<bob> line 40");
        await alice.TypeAsync("still typing");
        await alice.PressAsync("PageUp");
        var scrolled = await alice.WaitForScreenAsync(s => s.Contains("more rows below"), "the pane scrolled up");
        Assert.False(scrolled.Contains("<bob> line 40"), "Scrolled up, the newest line is out of sight:\n" + scrolled);
        Assert.Equal("still typing", scrolled.Input);

        // Scrolled up, a new line does not move what is on screen.
        await bob.TypeAsync("said while alice reads back");
        var later = await alice.WaitForScreenAsync(s => s.Rows[^3] != scrolled.Rows[^3], "the count of rows below going up");
        Assert.Equal(scrolled.Rows.Take(TmuxSession.Height - 3), later.Rows.Take(TmuxSession.Height - 3));
        Assert.False(later.Contains("said while alice reads back"), "Scrolled up, the new line is out of sight:\n" + later);

        await alice.PressAsync("PageDown", "PageDown", "PageDown");
        var bottom = await alice.WaitForScreenAsync(s => s.Contains("<bob> said while alice reads back") && !s.Contains("more rows below"), "the pane back at the bottom");
        Assert.Equal("still typing", bottom.Input);
    }

    [Fact]
    public async Task Rooms_switch_with_Alt_and_Ctrl_keys_unread_counts_show_and_Tab_completes_a_nick()
    {
        await using var server = await StartServerAsync();
        await using var alice = await StartAliceAsync(server);
        await using var bob = await TestChatClient.ConnectAsync(server.EndPoint, "bob", "#lobby");
        await alice.WaitForTextAsync("bob joined #lobby");

        await alice.TypeAsync("/join #dev");
        await alice.PressAsync("Enter");
        await alice.WaitForScreenAsync(s => s.Status.Contains("3:#dev (1 member)", StringComparison.Ordinal) && s.Contains("You joined #dev"), "#dev shown");

        // #lobby is out of sight: what bob says there is counted, a mention marked.
        await bob.TypeAsync("anyone here?");
        await alice.WaitForScreenAsync(s => s.Status.EndsWith("| #lobby:1", StringComparison.Ordinal), "one unread in #lobby");
        await bob.TypeAsync("alice: look at this");
        await alice.WaitForScreenAsync(s => s.Status.EndsWith("| #lobby:2!", StringComparison.Ordinal), "two unread in #lobby, one naming alice");

        await alice.PressAsync("M-2");
        var screen = await alice.WaitForScreenAsync(s => s.Status.Contains("2:#lobby (2 members)", StringComparison.Ordinal), "#lobby shown after Alt+2");
        Assert.DoesNotContain("#lobby:", screen.Status, StringComparison.Ordinal);
        var marker = IndexOf(screen, "unread messages");
        Assert.True(marker >= 0 && marker < IndexOf(screen, "<bob> anyone here?"), "The unread marker is above bob's first unread line:\n" + screen);
        Assert.StartsWith(" #lobby", screen.Title, StringComparison.Ordinal);

        await alice.PressAsync("C-n");
        await alice.WaitForScreenAsync(s => s.Status.Contains("3:#dev", StringComparison.Ordinal), "#dev shown after Ctrl+N");
        await alice.PressAsync("C-p");
        await alice.WaitForScreenAsync(s => s.Status.Contains("2:#lobby", StringComparison.Ordinal), "#lobby shown after Ctrl+P");
        await alice.PressAsync("M-1");
        await alice.WaitForScreenAsync(s => s.Status.Contains("1:127.0.0.1", StringComparison.Ordinal), "the server's window after Alt+1");
        await alice.PressAsync("M-2");
        await alice.WaitForScreenAsync(s => s.Status.Contains("2:#lobby", StringComparison.Ordinal), "#lobby shown again");

        // tmux drops trailing spaces: "bob: " reads "bob:".
        await alice.TypeAsync("bo");
        await alice.PressAsync("Tab");
        await alice.WaitForScreenAsync(s => s.Input == "bob:", "\"bo\" completed to \"bob: \"");
        await alice.TypeAsync("seen it");
        await alice.WaitForScreenAsync(s => s.Input == "bob: seen it", "the reply typed after the completion");
        await alice.PressAsync("Enter");
        await bob.WaitForMessageAsync("#lobby", "alice", "bob: seen it");
    }

    [Fact]
    public async Task Keys_sent_in_one_burst_with_Alt_digits_are_all_read_in_order()
    {
        await using var server = await StartServerAsync();
        await using var alice = await StartAliceAsync(server);
        await using var bob = await TestChatClient.ConnectAsync(server.EndPoint, "bob", "#lobby", "#dev");
        await alice.TypeAsync("/join #dev");
        await alice.PressAsync("Enter");
        await alice.WaitForScreenAsync(s => s.Status.Contains("3:#dev (2 members)", StringComparison.Ordinal), "#dev shown");

        // One send-keys: tmux writes it all at once, as a paste or a fast typist would. Lines that
        // start with m or M right after an Alt+digit once read as a mouse report (see ImmediateAltKeyPattern).
        var longLine = string.Concat(Enumerable.Repeat("a long line typed in the same burst ", 5)).TrimEnd() + " end";
        Assert.True(longLine.Length >= 175);
        for (var round = 1; round <= 3; round++)
        {
            var n = round.ToString(CultureInfo.InvariantCulture);
            await alice.PressAsync("M-2", longLine + " " + n, "Enter", "M-3", "me too in dev " + n, "Enter", "M-2", "M-3", "Mx" + n, "Enter");
            await bob.WaitForMessageAsync("#lobby", "alice", longLine + " " + n);
            await bob.WaitForMessageAsync("#dev", "alice", "me too in dev " + n);
            await bob.WaitForMessageAsync("#dev", "alice", "Mx" + n);
        }

        await alice.WaitForScreenAsync(s => s.Status.Contains("3:#dev", StringComparison.Ordinal) && s.Input.Length == 0, "#dev shown with an empty input line");
        Assert.Equal(
            ["me too in dev 1", "Mx1", "me too in dev 2", "Mx2", "me too in dev 3", "Mx3"],
            bob.Lines.Where(l => l.Conversation == "#dev" && l.Line.Nick == "alice" && l.Line.IsChat).Select(l => l.Line.Text));

        // Everything sent is in the input history too.
        await alice.PressAsync("Up", "Up", "Up");
        await alice.WaitForScreenAsync(s => s.Input.EndsWith(" end 3", StringComparison.Ordinal), "the long line recalled by Up");
    }

    [Fact]
    public async Task Switching_to_a_room_with_more_unread_than_fits_starts_at_the_first_unread_line()
    {
        await using var server = await StartServerAsync();
        await using var alice = await StartAliceAsync(server);
        await using var bob = await TestChatClient.ConnectAsync(server.EndPoint, "bob", "#lobby");
        await alice.TypeAsync("/join #dev");
        await alice.PressAsync("Enter");
        await alice.WaitForScreenAsync(s => s.Status.Contains("3:#dev", StringComparison.Ordinal), "#dev shown");

        for (var i = 1; i <= 40; i++)
        {
            await bob.TypeAsync("unread " + i.ToString(CultureInfo.InvariantCulture));
        }

        await alice.WaitForScreenAsync(s => s.Status.EndsWith("| #lobby:40", StringComparison.Ordinal), "40 unread in #lobby");
        await alice.PressAsync("M-2");

        var screen = await alice.WaitForScreenAsync(s => s.Status.Contains("2:#lobby", StringComparison.Ordinal) && s.Contains("more rows below"), "#lobby shown, scrolled to its marker");
        Assert.Equal(1, IndexOf(screen, "unread messages"));
        Assert.True(IndexOf(screen, "<bob> unread 1") == 2, "The first unread line is right under the marker:\n" + screen);
        await alice.PressAsync("PageDown", "PageDown", "PageDown");
        await alice.WaitForScreenAsync(s => s.Contains("<bob> unread 40") && !s.Contains("more rows below"), "the bottom after PageDown");
    }

    [Fact]
    public async Task Slash_quit_exits_with_code_0_restores_the_terminal_and_the_others_see_the_quit()
    {
        await using var server = await StartServerAsync();
        await using var bob = await TestChatClient.ConnectAsync(server.EndPoint, "bob", "#lobby");
        await using var alice = await StartAliceAsync(server);
        await bob.WaitForLineAsync("#lobby", l => l.Text == "alice joined #lobby");

        await alice.TypeAsync("/quit see you later");
        await alice.PressAsync("Enter");

        Assert.Equal(0, await alice.WaitForExitAsync());
        await bob.WaitForLineAsync("#lobby", l => l.Text.StartsWith("alice quit", StringComparison.Ordinal) && l.Text.Contains("see you later", StringComparison.Ordinal));
        Assert.Equal("000", await alice.TerminalModesAsync());
    }

    [Fact]
    public async Task Ctrl_C_quits_cleanly_too()
    {
        await using var server = await StartServerAsync();
        await using var bob = await TestChatClient.ConnectAsync(server.EndPoint, "bob", "#lobby");
        await using var alice = await StartAliceAsync(server);
        await bob.WaitForLineAsync("#lobby", l => l.Text == "alice joined #lobby");

        await alice.PressAsync("C-c");

        Assert.Equal(0, await alice.WaitForExitAsync());
        await bob.WaitForLineAsync("#lobby", l => l.Text.StartsWith("alice quit", StringComparison.Ordinal));
        Assert.Equal("000", await alice.TerminalModesAsync());
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_a_one_line_error_and_no_screen()
    {
        var port = ClientProcess.UnusedPort().ToString(CultureInfo.InvariantCulture);
        await using var alice = await TmuxSession.StartAsync(log, "--host", "127.0.0.1", "--port", port, "--nick", "alice");

        Assert.Equal(2, await alice.WaitForExitAsync());
        var rows = await alice.WrittenRowsAsync();
        Assert.True(rows.Count == 1 && rows[0].StartsWith("piazza: ", StringComparison.Ordinal), "One line, the error:\n" + string.Join('\n', rows));
        Assert.Equal("000", await alice.TerminalModesAsync());
    }

    /// <summary>
    /// The real server. Its chat port tells IRC from plain text by the first line, waiting 500 ms
    /// for it by default; a client starting on a busy machine (JIT, parallel tests) can take
    /// longer than that to send it and would be served as plain text. Every client here speaks IRC.
    /// </summary>
    private static Task<TestServer> StartServerAsync() => TestServer.StartAsync("Irc:DetectTimeoutMilliseconds=10000");

    /// <summary>Starts alice's client and waits for its screen: in #lobby, connected.</summary>
    private async Task<TmuxSession> StartAliceAsync(TestServer server)
    {
        var alice = await TmuxSession.StartAsync(
            log, "--host", server.EndPoint.Address.ToString(), "--port", server.EndPoint.Port.ToString(CultureInfo.InvariantCulture), "--nick", "alice");
        try
        {
            var screen = await alice.WaitForScreenAsync(
                s => s.Contains("You joined #lobby") && s.Status.Contains("connected | alice | 2:#lobby", StringComparison.Ordinal),
                "alice in #lobby");
            Assert.StartsWith(" #lobby", screen.Title, StringComparison.Ordinal);
            return alice;
        }
        catch
        {
            await alice.DisposeAsync();
            throw;
        }
    }

    private static int IndexOf(TmuxSession.Screen screen, string text)
    {
        for (var i = 0; i < screen.Rows.Count; i++)
        {
            if (screen.Rows[i].Contains(text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
