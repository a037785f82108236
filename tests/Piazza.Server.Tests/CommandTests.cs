using Piazza.Testing;

namespace Piazza.Server.Tests;

/// <summary>Every plain-protocol command, its errors, and what others see.</summary>
[Trait("Category", "Slow")]
public sealed class CommandTests
{
    [Fact]
    public async Task Nick_renames_and_others_see_the_change_and_the_new_prefix()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();

        await a.NickAsync("alice");
        await b.ExpectAsync($"* {a.Address} is now known as alice");
        await a.SendAsync("hi");

        Assert.Equal("[alice] hi", await b.NextChatAsync());
    }

    [Fact]
    public async Task Nick_refuses_a_taken_name_case_insensitively_and_invalid_names()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();
        await a.NickAsync("alice");
        await b.ExpectAsync($"* {a.Address} is now known as alice");

        await b.SendAsync("/nick ALICE");
        Assert.Equal("! the nickname ALICE is taken; pick another", await b.NextAsync());
        await b.SendAsync("/nick 9lives");
        Assert.StartsWith("! invalid nickname 9lives: a nickname starts with a letter", await b.NextAsync());
        await b.SendAsync("/nick a@b");
        Assert.StartsWith("! invalid nickname a@b", await b.NextAsync());
        await b.SendAsync("/nick " + new string('n', 31));
        Assert.EndsWith("a nickname has at most 30 characters", await b.NextAsync());
        await b.SendAsync("/nick two words");
        Assert.Equal("! usage: /nick NAME (one word)", await b.NextAsync());
        await b.SendAsync("/nick");
        Assert.Equal("! usage: /nick NAME (one word)", await b.NextAsync());

        await a.NickAsync("Alice");
        await a.NickAsync("al");
        await b.NickAsync("alice");
    }

    [Fact]
    public async Task Join_creates_a_room_where_plain_text_then_goes_and_others_see_who_joined()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync("alice", "bob");
        await using var lobbyOnly = await server.ConnectAsync();

        await a.SendAsync("/join dev");
        Assert.Equal("* you are in dev; nobody else is here", await a.ExpectAsync(l => l.Contains("dev", StringComparison.Ordinal)));
        await b.SendAsync("/join #dev");
        Assert.Equal("* you are in dev; 1 other is here", await b.ExpectAsync(l => l.Contains("dev", StringComparison.Ordinal)));
        await a.ExpectAsync("* bob joined dev");

        await b.SendAsync("in dev");
        Assert.Equal("[bob@dev] in dev", await a.NextChatAsync());

        await b.SendAsync("/join lobby");
        await b.ExpectAsync("* what you type now goes to lobby");
        await b.SendAsync("in lobby");
        Assert.Equal("[bob] in lobby", await a.NextChatAsync());
        Assert.Equal("[bob] in lobby", await lobbyOnly.NextChatAsync());
        Assert.DoesNotContain(lobbyOnly.Skipped, l => l.Contains("in dev", StringComparison.Ordinal) || l.Contains("joined dev", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Join_refuses_invalid_names_and_needs_a_room()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await server.ConnectAsync();

        await a.SendAsync("/join bad,name");
        Assert.StartsWith("! invalid room name bad,name: a room name holds only", await a.NextAsync());
        await a.SendAsync("/join #");
        Assert.StartsWith("! invalid room name #: a room name cannot be empty", await a.NextAsync());
        await a.SendAsync("/join");
        Assert.Equal("! usage: /join ROOM [KEY]", await a.NextAsync());
    }

    [Fact]
    public async Task Part_leaves_the_current_room_others_see_it_and_text_goes_to_the_previous_room()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();
        await a.NickAsync("alice");
        await a.SendAsync("/join dev");
        await a.ExpectAsync("* you are in dev; nobody else is here");
        await b.SendAsync("/join dev");
        await a.ExpectAsync($"* {b.Address} joined dev");

        await a.SendAsync("/part");
        Assert.Equal("* you left dev; what you type now goes to lobby", await a.NextAsync());
        await b.ExpectAsync("* alice left dev");

        await a.SendAsync("/part dev");
        Assert.Equal("! you are not in dev", await a.NextAsync());
        await a.SendAsync("/part lobby");
        Assert.Equal("* you left lobby; you are in no room now (/join ROOM)", await a.NextAsync());
        await a.SendAsync("anyone?");
        Assert.Equal("! you are in no room; /join ROOM to enter one", await a.NextAsync());
        await a.SendAsync("/part");
        Assert.Equal("! you are in no room", await a.NextAsync());
    }

    [Fact]
    public async Task An_emptied_room_disappears_from_the_room_list()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await server.ConnectAsync();
        await a.SendAsync("/join dev");
        await a.SendAsync("/topic dev things");
        await a.ExpectAsync("* you set the topic of dev: dev things");

        await a.SendAsync("/rooms");
        Assert.Equal("* 2 rooms:", await a.NextAsync());
        Assert.Equal("*   dev (1): dev things", await a.NextAsync());
        Assert.Equal("*   lobby (1)", await a.NextAsync());

        await a.SendAsync("/part");
        await a.ExpectAsync("* you left dev; what you type now goes to lobby");
        await a.SendAsync("/rooms");
        Assert.Equal("* 1 room:", await a.NextAsync());
        Assert.Equal("*   lobby (1)", await a.NextAsync());
    }

    [Fact]
    public async Task Who_lists_the_members_of_the_current_or_a_named_room()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();
        await a.NickAsync("alice");
        await b.ExpectAsync($"* {a.Address} is now known as alice");

        await b.SendAsync("/who");
        Assert.Equal("* in lobby (2):", await b.NextAsync());
        Assert.Equal($"*   alice {b.Address}", await b.NextAsync());

        await a.SendAsync("/join dev");
        await a.ExpectAsync("* you are in dev; nobody else is here");
        await b.SendAsync("/who dev");
        Assert.Equal("* in dev (1):", await b.ExpectAsync(l => l.StartsWith("* in ", StringComparison.Ordinal)));
        Assert.Equal("*   alice", await b.NextAsync());
        await b.SendAsync("/who nowhere");
        Assert.Equal("! there is no room nowhere", await b.NextAsync());
    }

    [Fact]
    public async Task Msg_reaches_only_the_named_client_and_unknown_nicks_get_an_error()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync("alice", "bob");
        await using var c = await server.ConnectAsync();

        await a.SendAsync("/msg BOB psst  two spaces");
        Assert.Equal("[alice (private)] psst  two spaces", await b.NextChatAsync());

        await a.SendAsync("/msg nobody hi");
        Assert.Equal("! no one is called nobody", await a.ExpectAsync(l => l.StartsWith("! ", StringComparison.Ordinal)));
        await a.SendAsync("/msg bob");
        Assert.Equal("! usage: /msg NICK TEXT", await a.NextAsync());

        await a.SendAsync("public");
        Assert.Equal("[alice] public", await c.NextChatAsync());
    }

    [Fact]
    public async Task Me_sends_an_action_to_the_room()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();
        await a.NickAsync("alice");

        await a.SendAsync("/me waves");
        Assert.Equal("[alice] * waves", await b.NextChatAsync());
        await a.SendAsync("/me");
        Assert.Equal("! usage: /me TEXT", await a.NextAsync());
    }

    [Fact]
    public async Task Topic_shows_sets_and_announces_the_rooms_topic()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();
        await a.NickAsync("alice");
        await b.ExpectAsync($"* {a.Address} is now known as alice");

        await b.SendAsync("/topic");
        Assert.Equal("* lobby has no topic", await b.NextAsync());
        await a.SendAsync("/topic welcome, all");
        Assert.Equal("* you set the topic of lobby: welcome, all", await a.NextAsync());
        await b.ExpectAsync("* alice set the topic of lobby: welcome, all");
        await b.SendAsync("/topic");
        Assert.Equal("* topic of lobby: welcome, all (set by alice)", await b.NextAsync());

        await a.SendAsync("/topic " + new string('t', 301));
        Assert.Equal("! a topic has at most 300 bytes", await a.NextAsync());
    }

    [Fact]
    public async Task Quit_with_a_reason_tells_everyone_the_reason()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();
        await a.NickAsync("alice");

        await a.SendAsync("/quit gone fishing");

        Assert.Equal("* bye", (await a.WaitClosedAsync()).Last());
        await b.ExpectAsync("* alice quit (gone fishing)");
        Assert.Null(server.Hub.FindNick("alice"));
    }

    [Fact]
    public async Task A_quit_is_announced_once_to_someone_sharing_two_rooms()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();
        await a.SendAsync("/join dev");
        await a.ExpectAsync("* you are in dev; nobody else is here");
        await b.SendAsync("/join dev");
        await a.ExpectAsync($"* {b.Address} joined dev");

        await a.SendAsync("/nick alice");
        await b.ExpectAsync($"* {a.Address} is now known as alice");
        await a.SendAsync("exit");
        await b.ExpectAsync("* alice quit");
        await b.SendAsync("/who");
        await b.ExpectAsync("* in dev (1):");

        Assert.DoesNotContain(b.Skipped, l => l.Contains("now known as", StringComparison.Ordinal));
        Assert.DoesNotContain(b.Skipped, l => l.Contains("quit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_lists_every_command_and_unknown_commands_are_errors()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await server.ConnectAsync();

        await a.SendAsync("/help");
        var help = new List<string>();
        for (var line = await a.NextAsync(); !line.StartsWith("* lines:", StringComparison.Ordinal); line = await a.NextAsync())
        {
            help.Add(line);
        }

        foreach (var command in new[] { "/nick", "/join", "/part", "/rooms", "/who", "/msg", "/me", "/topic", "/quit", "exit" })
        {
            Assert.Contains(help, l => l.Contains(command, StringComparison.Ordinal));
        }

        await a.SendAsync("/dance");
        Assert.Equal("! unknown command /dance; /help lists the commands", await a.NextAsync());
    }

    [Fact]
    public async Task A_double_slash_sends_text_that_starts_with_a_slash()
    {
        await using var server = await TestServer.StartAsync();
        var (a, b) = await server.PlainPairAsync();

        await a.SendAsync("//shrug");

        Assert.Equal($"[{a.Address}] /shrug", await b.NextChatAsync());
    }
}
