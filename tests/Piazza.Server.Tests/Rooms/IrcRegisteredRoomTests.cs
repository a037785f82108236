using Piazza.Core;
using Piazza.Testing;

using static Piazza.Server.Tests.Rooms.RoomClients;

namespace Piazza.Server.Tests.Rooms;

/// <summary>
/// Registered rooms from IRC, end to end (issue 14; docs/protocol-irc.md "ChanServ"): ChanServ's
/// REGISTER, UNREGISTER, INFO and HELP, what a registered channel keeps across a restart, and who
/// it makes operator on joining.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IrcRegisteredRoomTests
{
    [Fact]
    public async Task A_registered_channel_keeps_its_modes_key_bans_and_founder_across_a_restart()
    {
        var data = TestServer.NewDataDirectory();
        var server = await TestServer.StartInAsync(data, RoomSettings());
        await using (var alice = await RegisteredIrcAsync(server, "alice"))
        {
            await alice.JoinAsync("#dev");
            await alice.SendAsync("MODE #dev +klC sesame 5");
            await alice.ExpectAsync("MODE");
            await alice.SendAsync("MODE #dev +beI spam!*@* friend!*@* guest!*@*");
            await alice.ExpectAsync("MODE");

            Assert.StartsWith("Channel #dev successfully registered", await AskOneAsync(alice, "PRIVMSG ChanServ :REGISTER #dev"), StringComparison.Ordinal);

            // Changes after the registration are written through too.
            await alice.SendAsync("MODE #dev +m-C+b late!*@*");
            await alice.ExpectAsync("MODE");
            var info = await AskAsync(alice, "CS INFO #dev");
            Assert.Equal("*** #dev ***", info[0]);
            Assert.Equal("Founder: alice", info[1]);
            Assert.StartsWith("Registered at: ", info[2], StringComparison.Ordinal);

            // Empty, it stays.
            await alice.SendAsync("PART #dev");
            await alice.ExpectAsync("PART");
            Assert.Empty(await alice.SyncAsync());
            Assert.NotNull(server.Hub.FindRoom("dev"));
        }

        await server.StopAsync();

        await using var restarted = await TestServer.StartInAsync(data, RoomSettings());
        var room = restarted.Hub.FindRoom("dev");
        Assert.NotNull(room);
        Assert.Equal("alice", room.Registration?.Founder);
        Assert.Equal(0, room.Count);
        Assert.Equal(new RoomModes(TopicLocked: true, NoOutsideMessages: true, Moderated: true, InviteOnly: false, Key: "sesame", Limit: 5), room.Modes);
        Assert.Equal(["spam!*@*", "late!*@*"], room.Bans.Select(b => b.Mask));
        Assert.Equal("alice", room.Bans[0].SetBy);
        Assert.Equal(["friend!*@*"], room.Exceptions.Select(b => b.Mask));
        Assert.Equal(["guest!*@*"], room.InviteExceptions.Select(b => b.Mask));

        // The first to join an empty registered channel is not made its operator, and needs the key.
        await using var bob = await restarted.ConnectIrcAsync("bob");
        await bob.SendAsync("JOIN #dev");
        Assert.Equal("475", (await bob.ExpectAsync("475")).Command);
        var names = await bob.JoinAsync("#dev", "sesame");
        Assert.Contains(names, l => l.Is("353") && l.Last == "bob");
        Assert.Empty(await bob.SyncAsync());

        // The founder needs no key, and ChanServ makes it operator; the channel sees it.
        await using var alice2 = await SaslIrcAsync(restarted, "alice");
        var joined = await alice2.JoinAsync("#dev");
        Assert.Contains(joined, l => l.Is("353") && l.Last.Split(' ').Contains("@alice"));
        var opped = await alice2.ExpectAsync("MODE");
        Assert.Equal("ChanServ!ChanServ@services.piazza.local", opped.Source);
        Assert.Equal(["#dev", "+o", "alice"], opped.Parameters);
        await bob.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "alice");
        var seen = await bob.ExpectAsync("MODE");
        Assert.Equal(["#dev", "+o", "alice"], seen.Parameters);
        Assert.Equal("ChanServ", seen.SourceNick);

        await alice2.SendAsync("MODE #dev");
        var modes = await alice2.ExpectAsync("324");
        Assert.Equal(["alice", "#dev", "+klmnt", "sesame", "5"], modes.Parameters);
        Assert.DoesNotContain(await alice2.SyncAsync(), l => l.IsError);
    }

    [Fact]
    public async Task Accounts_given_op_keep_it_across_a_restart_and_minus_o_takes_it_away()
    {
        var data = TestServer.NewDataDirectory();
        var server = await TestServer.StartInAsync(data, RoomSettings());
        await using (var alice = await RegisteredIrcAsync(server, "alice"))
        await using (var carol = await RegisteredIrcAsync(server, "carol"))
        await using (var dave = await RegisteredIrcAsync(server, "dave"))
        await using (var guest = await server.ConnectIrcAsync("guest"))
        {
            await IrcClient.JoinAllAsync("#dev", alice, carol, dave, guest);
            await AskOneAsync(alice, "CS REGISTER #dev");
            await alice.SendAsync("MODE #dev +ooo carol dave guest");
            await alice.ExpectAsync("MODE");
            await alice.SendAsync("MODE #dev -o dave");
            await alice.ExpectAsync("MODE");
            Assert.Equal(["carol"], server.Hub.FindRoom("dev")!.Registration!.Operators);
            Assert.Contains("Operators: carol", await AskAsync(alice, "CS INFO #dev"));
        }

        await server.StopAsync();

        await using var restarted = await TestServer.StartInAsync(data, RoomSettings());
        await using var dave2 = await SaslIrcAsync(restarted, "dave");
        var daveJoin = await dave2.JoinAsync("#dev");
        Assert.Contains(daveJoin, l => l.Is("353") && l.Last == "dave");
        Assert.Empty(await dave2.SyncAsync());

        await using var carol2 = await SaslIrcAsync(restarted, "carol");
        var carolJoin = await carol2.JoinAsync("#dev");
        Assert.Contains(carolJoin, l => l.Is("353") && l.Last.Split(' ').Contains("@carol"));
        Assert.Equal(["#dev", "+o", "carol"], (await carol2.ExpectAsync("MODE")).Parameters);
        Assert.Equal(["#dev", "+o", "carol"], (await dave2.ExpectAsync("MODE")).Parameters);
        Assert.Empty(await carol2.SyncAsync());
    }

    [Fact]
    public async Task Unregistering_keeps_the_channel_as_an_ordinary_one_and_a_restart_forgets_it()
    {
        var data = TestServer.NewDataDirectory();
        var server = await TestServer.StartInAsync(data, RoomSettings());
        await using (var alice = await RegisteredIrcAsync(server, "alice"))
        await using (var bob = await RegisteredIrcAsync(server, "bob"))
        {
            await IrcClient.JoinAllAsync("#dev", alice, bob);
            await AskOneAsync(alice, "CS REGISTER #dev");
            await alice.SendAsync("MODE #dev +o bob");
            await alice.ExpectAsync("MODE");
            await bob.ExpectAsync("MODE");

            Assert.Equal("Only the founder of #dev (or a server operator) may do that", await AskOneAsync(bob, "CS UNREGISTER #dev"));
            Assert.Equal("Channel #dev successfully unregistered", await AskOneAsync(alice, "PRIVMSG chanserv :unregister #DEV"));
            Assert.Equal("Channel #dev is not registered", await AskOneAsync(alice, "CS INFO #dev"));
            var room = server.Hub.FindRoom("dev");
            Assert.NotNull(room);
            Assert.False(room.IsRegistered);
            Assert.Equal(2, room.Count);

            // An ordinary room again: it closes with its last member.
            await alice.SendAsync("PART #dev");
            await alice.ExpectAsync("PART");
            await bob.ExpectAsync("PART");
            await bob.SendAsync("PART #dev");
            await bob.ExpectAsync("PART");
            Assert.Null(server.Hub.FindRoom("dev"));
        }

        await server.StopAsync();
        await using var restarted = await TestServer.StartInAsync(data, RoomSettings());
        Assert.Null(restarted.Hub.FindRoom("dev"));
        Assert.Equal(0, restarted.Hub.RegisteredBy("alice"));
    }

    [Fact]
    public async Task A_rename_moves_the_registration()
    {
        var data = TestServer.NewDataDirectory();
        var server = await TestServer.StartInAsync(data, RoomSettings());
        await using (var alice = await RegisteredIrcAsync(server, "alice"))
        {
            await alice.JoinAsync("#dev");
            await AskOneAsync(alice, "CS REGISTER #dev");
            await alice.SendAsync("MODE #dev +k sesame");
            await alice.ExpectAsync("MODE");
            await alice.SendAsync("RENAME #dev #Dev-Team :growing");
            await alice.ExpectAsync(l => l.Is("PART") || l.Is("RENAME") || l.Is("JOIN"));
            Assert.DoesNotContain(await alice.SyncAsync(), l => l.IsError);
            Assert.Equal("alice", server.Hub.FindRoom("dev-team")?.Registration?.Founder);

            // The old name is free: joining it makes a new room, which is not registered.
            await alice.JoinAsync("#dev");
            Assert.False(server.Hub.FindRoom("dev")!.IsRegistered);
            Assert.Equal("Channel #dev is not registered", await AskOneAsync(alice, "CS INFO #dev"));
        }

        await server.StopAsync();
        await using var restarted = await TestServer.StartInAsync(data, RoomSettings());
        Assert.Null(restarted.Hub.FindRoom("dev"));
        var renamed = restarted.Hub.FindRoom("dev-team");
        Assert.NotNull(renamed);
        Assert.Equal("Dev-Team", renamed.Name);
        Assert.Equal("sesame", renamed.Modes.Key);
        Assert.Equal("alice", renamed.Registration?.Founder);
    }

    [Fact]
    public async Task Registration_is_refused_with_a_reason()
    {
        await using var server = await TestServer.StartAsync(RoomSettings("Rooms:MaxRegisteredPerAccount=1", "Chat:PermanentRooms:0=help"));
        await using var guest = await server.ConnectIrcAsync("guest");
        await using var alice = await RegisteredIrcAsync(server, "alice");
        await using var bob = await RegisteredIrcAsync(server, "bob");
        await guest.JoinAsync("#guests");
        await IrcClient.JoinAllAsync("#dev", alice, bob);
        await alice.JoinAsync("#ops");
        await alice.JoinAsync("#help");

        Assert.Equal("You must be logged in to an account to do that (SASL, or REGISTER)", await AskOneAsync(guest, "CS REGISTER #guests"));
        Assert.Equal("You must be an operator of #dev to register it", await AskOneAsync(bob, "CS REGISTER #dev"));
        Assert.Equal("Channel #nowhere does not exist", await AskOneAsync(alice, "CS REGISTER #nowhere"));
        Assert.Equal("#lobby is one of this server's permanent channels: it cannot be registered", await AskOneAsync(alice, "CS REGISTER #lobby"));
        Assert.Equal("#help is one of this server's permanent channels: it cannot be registered", await AskOneAsync(alice, "CS REGISTER #help"));
        Assert.StartsWith("Channel #dev successfully registered", await AskOneAsync(alice, "CS REGISTER #dev"), StringComparison.Ordinal);
        Assert.Equal("Channel #dev is already registered", await AskOneAsync(alice, "CS REGISTER #dev"));
        Assert.Equal("You have already registered 1 channels, the most an account may", await AskOneAsync(alice, "CS REGISTER #ops"));
        Assert.Equal("You must be logged in to an account to do that (SASL, or REGISTER)", await AskOneAsync(guest, "CS UNREGISTER #dev"));
        Assert.Equal("Only the founder of #dev (or a server operator) may do that", await AskOneAsync(bob, "CS UNREGISTER #dev"));
        Assert.Equal("Channel #ops is not registered", await AskOneAsync(alice, "CS UNREGISTER #ops"));
        Assert.Equal("Channel #ops is not registered", await AskOneAsync(alice, "CS INFO #ops"));

        // Nobody else became a founder along the way.
        Assert.Equal(1, server.Hub.RegisteredBy("alice"));
        Assert.Equal(0, server.Hub.RegisteredBy("bob"));
    }

    [Fact]
    public async Task Hostile_or_empty_requests_get_a_notice_and_nothing_else()
    {
        await using var server = await TestServer.StartAsync(RoomSettings());
        await using var alice = await RegisteredIrcAsync(server, "alice", "labeled-response", "batch");
        await alice.JoinAsync("#dev");
        var overlong = "#" + new string('x', 400);

        Assert.Equal("No command given; send HELP for the commands", await AskOneAsync(alice, "CS"));
        Assert.Equal("No command given; send HELP for the commands", await AskOneAsync(alice, "PRIVMSG ChanServ :   "));
        Assert.Equal("Unknown command DROP; send HELP for the commands", await AskOneAsync(alice, "PRIVMSG ChanServ :DROP #dev"));
        Assert.Equal("Unknown command " + new string('Q', 32) + "…; send HELP for the commands", await AskOneAsync(alice, "CS " + new string('Q', 500)));
        var ctcp = await AskOneAsync(alice, "PRIVMSG ChanServ :\u0001VERSION\u0001");
        Assert.StartsWith("Unknown command ", ctcp, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0001', ctcp);
        Assert.Equal("Syntax: REGISTER #channel", await AskOneAsync(alice, "CS REGISTER"));
        Assert.Equal("Syntax: INFO #channel", await AskOneAsync(alice, "CHANSERV INFO"));
        Assert.Equal("#" + new string('x', 31) + "… is not a valid channel name", await AskOneAsync(alice, "CS REGISTER " + overlong));
        Assert.Equal("dev is not a valid channel name", await AskOneAsync(alice, "CS REGISTER dev"));
        Assert.Equal("#a,b is not a valid channel name", await AskOneAsync(alice, "CS UNREGISTER #a,b"));
        Assert.True((await AskAsync(alice, "CS HELP")).Count >= 4);

        // A NOTICE to ChanServ is answered by nothing, as NOTICEs never are.
        await alice.SendAsync("NOTICE ChanServ :REGISTER #dev");
        Assert.Empty(await alice.SyncAsync());
        Assert.False(server.Hub.FindRoom("dev")!.IsRegistered);

        // A labelled request gets its answer under the label.
        await alice.SendAsync("@label=cs1 CS INFO #dev");
        var labelled = await alice.ExpectAsync(l => l.Tags.GetValueOrDefault("label") == "cs1");
        Assert.True(labelled.Is("NOTICE"), labelled.ToString());
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task Nobody_may_take_the_nick_ChanServ()
    {
        await using var server = await TestServer.StartAsync(RoomSettings());
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("NICK chanserv");
        Assert.Equal(["alice", "chanserv", "Nickname is already in use"], (await alice.ExpectAsync("433")).Parameters);

        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("NICK ChanServ");
        await client.SendAsync("USER x 0 * :x");
        Assert.Equal("433", (await client.ExpectAsync("433")).Command);

        await using var plain = await server.ConnectAsync();
        await plain.SendAsync("/nick CHANSERV");
        Assert.StartsWith("! ", await plain.NextAsync(), StringComparison.Ordinal);
    }
}
