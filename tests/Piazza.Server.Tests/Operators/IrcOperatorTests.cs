using Piazza.Testing;

namespace Piazza.Server.Tests.Operators;

/// <summary>IRC's OPER, KILL, WALLOPS, WHOIS 313, and an operator taking over a channel.</summary>
[Trait("Category", "Slow")]
public sealed class IrcOperatorTests
{
    [Fact]
    public async Task Oper_with_the_right_password_gives_381_and_user_mode_o_and_whois_shows_313()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");

        await alice.SendAsync($"OPER {OperatorAccounts.Name} :{OperatorAccounts.Password}");
        var replies = await alice.SyncAsync();

        Assert.Equal([":alice MODE alice +o", "381"], replies.Select(l => l.Is("381") ? "381" : l.Raw));
        Assert.True(server.Hub.FindNick("alice")!.IsServerOperator);
        await bob.SendAsync("WHOIS alice");
        var whois = await bob.ReadUntilAsync(l => l.Is("318"));
        Assert.Contains(whois, l => l.Is("313") && l[1] == "alice" && l.Last == "is an IRC operator");
        await alice.SendAsync("MODE alice");
        Assert.Equal("+o", (await alice.ExpectAsync("221"))[1]);
    }

    [Fact]
    public async Task Oper_with_a_wrong_password_or_an_unknown_name_gets_the_same_464()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync($"OPER {OperatorAccounts.Name} wrong");
        await alice.SendAsync($"OPER nobody :{OperatorAccounts.Password}");
        var replies = await alice.SyncAsync();

        Assert.Equal(["464", "464"], replies.Select(l => l.Command));
        Assert.Equal(replies[0].Parameters, replies[1].Parameters);
        Assert.False(server.Hub.FindNick("alice")!.IsServerOperator);
        await alice.SendAsync("WHOIS alice");
        Assert.DoesNotContain(await alice.ReadUntilAsync(l => l.Is("318")), l => l.Is("313"));
    }

    [Fact]
    public async Task Kill_closes_the_victim_with_its_reason_and_the_channel_sees_it_quit()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var root = await OperAsync(server, "root1");
        await using var victim = await server.ConnectIrcAsync("victim");
        await using var witness = await server.ConnectIrcAsync("witness");
        await IrcClient.JoinAllAsync("#dev", witness, victim);

        await root.SendAsync("KILL victim :flooding the room");

        Assert.Equal("NOTICE", (await root.NextAsync()).Command);
        var last = await victim.WaitClosedAsync();
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Killed (root1 (flooding the room)))", Assert.Single(last).Raw);
        var quit = await witness.ExpectAsync("QUIT");
        Assert.Equal("victim", quit.SourceNick);
        Assert.Equal("Killed (root1 (flooding the room))", quit.Last);
        Assert.Empty(witness.Skipped);
    }

    [Fact]
    public async Task Kill_is_refused_481_to_a_non_operator_and_401_for_an_unknown_nick()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var root = await OperAsync(server, "root1");

        await alice.SendAsync("KILL root1 :bye");
        await root.SendAsync("KILL nobody :bye");

        Assert.Equal(["481"], (await alice.SyncAsync()).Select(l => l.Command));
        Assert.Equal(["401"], (await root.SyncAsync()).Select(l => l.Command));
        Assert.NotNull(server.Hub.FindNick("root1"));
    }

    [Fact]
    public async Task Wallops_reach_operators_and_users_with_w_only()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var root = await OperAsync(server, "root1");
        await using var listener = await server.ConnectIrcAsync("listener");
        await using var other = await server.ConnectIrcAsync("other");
        await listener.SendAsync("MODE listener +w");
        Assert.Equal(":listener MODE listener +w", (await listener.NextAsync()).Raw);

        await other.SendAsync("WALLOPS :not mine to send");
        Assert.Equal(["481"], (await other.SyncAsync()).Select(l => l.Command));
        await root.SendAsync("WALLOPS :restart at noon");

        Assert.Equal(":root1!~root1u@127.0.0.1 WALLOPS :restart at noon", (await root.NextAsync()).Raw);
        Assert.Equal(":root1!~root1u@127.0.0.1 WALLOPS :restart at noon", (await listener.NextAsync()).Raw);
        Assert.Empty(await other.SyncAsync());
    }

    [Fact]
    public async Task An_operator_takes_over_a_channel_it_is_not_operator_of_modes_kick_bans_and_topic()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        var (owner, bystander) = await server.IrcPairInAsync("#dev", "owner", "bystander");
        await owner.SendAsync("MODE #dev +bi *!*@* ");
        await bystander.ExpectAsync("MODE");
        await using var root = await OperAsync(server, "root1");

        await root.SendAsync("MODE #dev -b *!*@*");
        await root.SendAsync("TOPIC #dev :taken over");
        await root.SendAsync("KICK #dev owner :abuse");
        await root.SendAsync("MODE #dev +o bystander");
        var replies = await root.SyncAsync();

        Assert.Equal(["MODE", "TOPIC", "KICK", "MODE"], replies.Select(l => l.Command));
        Assert.Empty(server.Hub.FindRoom("dev")!.Bans);
        Assert.Equal("taken over", server.Hub.FindRoom("dev")!.Topic?.Text);
        Assert.Equal("abuse", (await owner.ExpectAsync("KICK")).Last);
        Assert.True(server.Hub.FindRoom("dev")!.IsOperator(server.Hub.FindNick("bystander")!));

        // Invite-only and banned rooms let an operator in.
        var joined = await root.JoinAsync("#dev");
        Assert.Contains(joined, l => l.Is("JOIN"));
    }

    [Fact]
    public async Task An_operator_can_clear_a_ban_on_the_lobby_that_nobody_else_could()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var root = await OperAsync(server, "root1");
        await using var alice = await server.ConnectIrcAsync("alice");

        await root.SendAsync("MODE #lobby +b alice!*@*");
        Assert.Equal("MODE", (await root.NextAsync()).Command);
        await alice.SendAsync("JOIN #lobby");
        Assert.Equal("474", (await alice.NextAsync()).Command);
        await root.SendAsync("MODE #lobby -b alice!*@*");
        Assert.Equal("MODE", (await root.NextAsync()).Command);

        Assert.Contains(await alice.JoinAsync("#lobby"), l => l.Is("JOIN"));
    }

    /// <summary>Connects <paramref name="nick"/> and makes it a server operator.</summary>
    internal static async Task<IrcClient> OperAsync(TestServer server, string nick)
    {
        var client = await server.ConnectIrcAsync(nick);
        await client.SendAsync($"OPER {OperatorAccounts.Name} :{OperatorAccounts.Password}");
        await client.ExpectAsync("381");
        return client;
    }
}
