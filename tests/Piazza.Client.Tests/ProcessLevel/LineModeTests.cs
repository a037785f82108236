using System.Text.RegularExpressions;

using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

using Xunit.Abstractions;

// Not "….Process", the folder's name: a namespace called Process would hide
// System.Diagnostics.Process from every other file under Piazza.Client.Tests.
namespace Piazza.Client.Tests.ProcessLevel;

/// <summary>
/// The piazza executable with its stdin and stdout as pipes (so in line mode, as under a script),
/// against the real Piazza server in-process: chat both ways, actions, private messages, a nick
/// clash, quitting on EOF or "exit", and a script whose input is all there before it connects.
/// </summary>
[Trait("Category", "Slow")]
public sealed class LineModeTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Two_clients_chat_both_ways_and_act_through_the_server()
    {
        await using var server = await StartServerAsync();
        await using var alice = await JoinLobbyAsync(server, "alice");
        await using var bob = await JoinLobbyAsync(server, "bob");
        await alice.WaitForBodyAsync("* bob joined #lobby");

        await alice.SendLineAsync("hello");
        await bob.WaitForBodyAsync("<alice> hello");
        await bob.SendLineAsync("hi alice, how are things?");
        await alice.WaitForBodyAsync("<bob> hi alice, how are things?");
        await alice.SendLineAsync("/me waves");
        await bob.WaitForBodyAsync("* alice waves");
        await bob.SendLineAsync("/me waves back");
        await alice.WaitForBodyAsync("* bob waves back");

        // Each line is "[HH:MM:SS] …", and one's own words are not printed back.
        Assert.All(alice.Output, line => ClientProcess.Body(line));
        Assert.All(bob.Output, line => ClientProcess.Body(line));
        Assert.DoesNotContain(alice.Output, line => line.Contains("<alice>", StringComparison.Ordinal) || line.EndsWith("* alice waves", StringComparison.Ordinal));
        Assert.DoesNotContain(bob.Output, line => line.Contains("<bob>", StringComparison.Ordinal) || line.EndsWith("* bob waves back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_private_message_shows_with_the_senders_name_as_its_conversation()
    {
        await using var server = await StartServerAsync();
        await using var alice = await JoinLobbyAsync(server, "alice");
        await using var bob = await JoinLobbyAsync(server, "bob");
        await alice.WaitForBodyAsync("* bob joined #lobby");

        await alice.SendLineAsync("/msg bob psst, just between us");
        var line = await bob.WaitForLineAsync(l => l.Contains("psst", StringComparison.Ordinal), "alice's private message");
        Assert.Equal("alice <alice> psst, just between us", ClientProcess.Body(line));

        await bob.SendLineAsync("/msg alice understood");
        line = await alice.WaitForLineAsync(l => l.Contains("understood", StringComparison.Ordinal), "bob's private answer");
        Assert.Equal("bob <bob> understood", ClientProcess.Body(line));

        // The room is still the current conversation: what is typed next goes there.
        await bob.SendLineAsync("back in the room");
        await alice.WaitForBodyAsync("<bob> back in the room");
    }

    [Fact]
    public async Task End_of_input_quits_cleanly_and_the_others_see_the_quit()
    {
        await using var server = await StartServerAsync();
        await using var alice = await JoinLobbyAsync(server, "alice");
        await using var bob = await JoinLobbyAsync(server, "bob");
        await alice.WaitForBodyAsync("* bob joined #lobby");

        await alice.CloseInputAsync();

        Assert.Equal(0, await alice.WaitForExitAsync());
        await bob.WaitForLineAsync(l => ClientProcess.Body(l).StartsWith("* alice quit", StringComparison.Ordinal), "\"* alice quit\"");
        AssertQuitQuietly(alice);
    }

    [Fact]
    public async Task Typing_exit_quits_cleanly_with_the_input_still_open()
    {
        await using var server = await StartServerAsync();
        await using var alice = await JoinLobbyAsync(server, "alice");
        await using var bob = await JoinLobbyAsync(server, "bob");
        await alice.WaitForBodyAsync("* bob joined #lobby");

        await bob.SendLineAsync("see you");
        await bob.SendLineAsync("exit");

        Assert.Equal(0, await bob.WaitForExitAsync());
        await alice.WaitForBodyAsync("<bob> see you");
        await alice.WaitForLineAsync(l => ClientProcess.Body(l).StartsWith("* bob quit", StringComparison.Ordinal), "\"* bob quit\"");
        AssertQuitQuietly(bob);

        await alice.CloseInputAsync();
        Assert.Equal(0, await alice.WaitForExitAsync());
        await server.WaitAllClosedAsync();
    }

    [Fact]
    public async Task A_taken_nick_gets_the_next_free_one_and_says_so()
    {
        await using var server = await StartServerAsync();
        await using var holder = await server.ConnectIrcAsync("dave");

        await using var dave = ClientProcess.Connect(server.EndPoint, "dave", log);

        var notice = await dave.WaitForLineAsync(l => l.Contains("dave2", StringComparison.Ordinal), "the nick it got");
        Assert.Matches(@"\bdave\b.*\btaken\b.*\bdave2\b", notice);
        await dave.WaitForLineAsync(l => ClientProcess.Body(l).StartsWith("* Connected to ", StringComparison.Ordinal) && l.EndsWith(" as dave2.", StringComparison.Ordinal), "\"* Connected to … as dave2.\"");
        await dave.WaitForBodyAsync("* You joined #lobby");

        // The server knows it as dave2 too.
        await holder.SendAsync("PRIVMSG dave2 :are you the second dave?");
        var line = await dave.WaitForLineAsync(l => l.Contains("second dave", StringComparison.Ordinal), "the holder's message");
        Assert.Equal("dave <dave> are you the second dave?", ClientProcess.Body(line));
    }

    [Fact]
    public async Task A_script_whose_input_ends_before_it_registers_still_sends_every_line_in_order()
    {
        await using var server = await StartServerAsync();
        await using var bob = await JoinLobbyAsync(server, "bob");

        // printf 'one\ntwo\n' | piazza --nick alice: the input is all there, and closed, at once.
        await using var alice = ClientProcess.Connect(server.EndPoint, "alice", log);
        await alice.SendLineAsync("one");
        await alice.SendLineAsync("two");
        await alice.CloseInputAsync();

        await bob.WaitForBodyAsync("<alice> one");
        await bob.WaitForBodyAsync("<alice> two");
        await bob.WaitForLineAsync(l => ClientProcess.Body(l).StartsWith("* alice quit", StringComparison.Ordinal), "\"* alice quit\"");
        Assert.Equal(0, await alice.WaitForExitAsync());
        Assert.Equal(["<alice> one", "<alice> two"], bob.Output.Select(ClientProcess.Body).Where(b => b.StartsWith("<alice>", StringComparison.Ordinal)));
        AssertQuitQuietly(alice);
    }

    [Fact]
    public async Task A_scripts_lines_take_effect_in_input_order_with_no_pause_between_them()
    {
        await using var server = await StartServerAsync();
        await using var watcher = await server.ConnectIrcAsync("watcher");
        foreach (var room in new[] { "#lobby", "#dev", "#ops" })
        {
            await watcher.JoinAsync(room);
        }

        // printf '…' | piazza: the whole script is in the pipe before the client connects.
        string[][] scripts =
        [
            ["/join #dev", "hello dev from script", "/me waves from script", "/who", "exit"],
            ["/join dev", "one for dev", "/join #ops", "one for ops", "/join #lobby", "one for the lobby"],
            ["/join #dev", "/join #ops", "ops after two joins", "/who #dev", "/part", "dev after the part"],
        ];
        for (var round = 0; round < 3; round++)
        {
            for (var s = 0; s < scripts.Length; s++)
            {
                var nick = $"carol{round}{s}";
                await using var carol = ClientProcess.Connect(server.EndPoint, nick, log);
                foreach (var line in scripts[s])
                {
                    await carol.SendLineAsync(line);
                }

                await carol.CloseInputAsync();
                Assert.Equal(0, await carol.WaitForExitAsync());

                // Where each line landed, in the order the watcher saw them.
                var said = (await watcher.ReadUntilAsync(l => l.Is("QUIT") && l.SourceNick == nick))
                    .Where(l => l.Is("PRIVMSG") && l.SourceNick == nick)
                    .Select(l => l[0] + " " + l.Last.Replace("\u0001ACTION ", "* ", StringComparison.Ordinal).TrimEnd('\u0001'))
                    .ToList();
                string[] expected = s switch
                {
                    0 => ["#dev hello dev from script", "#dev * waves from script"],
                    1 => ["#dev one for dev", "#ops one for ops", "#lobby one for the lobby"],
                    _ => ["#ops ops after two joins", "#dev dev after the part"],
                };
                Assert.Equal(expected, said);

                // /who answers about the room it was typed in (or named), in that room's lines.
                if (s != 1)
                {
                    await carol.WaitForLineAsync(l => ClientProcess.Body(l).StartsWith("* #dev ", StringComparison.Ordinal) && l.Contains(nick, StringComparison.Ordinal), "a WHO row for #dev");
                    Assert.DoesNotContain(carol.Output, l => ClientProcess.Body(l).StartsWith("* #lobby ", StringComparison.Ordinal) && l.Contains("H@", StringComparison.Ordinal));
                }

                AssertQuitQuietly(carol);
            }
        }
    }

    /// <summary>Starts a client as <paramref name="nick"/> and waits until it is in #lobby (from then on it reads its input).</summary>
    private async Task<ClientProcess> JoinLobbyAsync(TestServer server, string nick)
    {
        var client = ClientProcess.Connect(server.EndPoint, nick, log);
        try
        {
            await client.WaitForLineAsync(new Regex($@"^\[\d\d:\d\d:\d\d\] \* Connected to \S+ as {nick}\.$"));
            await client.WaitForBodyAsync("* You joined #lobby");
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>A clean quit: no reconnecting, and nothing on stderr but the PIAZZA_TRACE lines.</summary>
    private static void AssertQuitQuietly(ClientProcess client)
    {
        Assert.DoesNotContain(client.Output, l => l.Contains("Reconnecting", StringComparison.Ordinal) || ClientProcess.Body(l).StartsWith("! ", StringComparison.Ordinal));
        Assert.All(client.Errors, l => Assert.Matches("^(>>|<<) ", l));
    }

    // The client's first line is CAP, which tells the chat port it is IRC at once; the long
    // detection timeout only keeps a starved machine (several test runs at once) from taking
    // it for a silent plain client.
    private static Task<TestServer> StartServerAsync() => TestServer.StartAsync("Irc:DetectTimeoutMilliseconds=10000");
}
