using Piazza.Server.Tests.Accounts;
using Piazza.Testing;

using static Piazza.Server.Tests.Rooms.RoomClients;

namespace Piazza.Server.Tests.Rooms;

/// <summary>Registered rooms from the plain protocol, end to end (docs/protocol-plain.md "Registered rooms").</summary>
[Trait("Category", "Slow")]
public sealed class PlainRegisteredRoomTests
{
    [Fact]
    public async Task Register_a_room_then_after_a_restart_its_founder_is_made_operator_on_joining()
    {
        var data = TestServer.NewDataDirectory();
        var server = await TestServer.StartInAsync(data, RoomSettings());
        await using (var alice = await RegisteredPlainAsync(server, "alice"))
        {
            await alice.SendAsync("/join dev");
            await alice.ExpectAsync("* you are in dev; nobody else is here");
            await alice.SendAsync("/mode +k sesame");
            await alice.ExpectAsync("* you set mode +k sesame on dev");
            await alice.SendAsync("/register-room");
            Assert.Equal("* you registered dev to your account alice: its modes, bans and operators outlive restarts, and you get operator on joining", await ReplyAsync(alice));
            await alice.SendAsync("/mode +b spam");
            await alice.ExpectAsync("* you set mode +b spam!*@* on dev");
            await alice.SendAsync("/part");
            await alice.ExpectAsync(l => l.StartsWith("* you left dev", StringComparison.Ordinal));
            await alice.SendAsync("/rooms");
            await alice.ExpectAsync(l => l.StartsWith("*   dev (0)", StringComparison.Ordinal));
        }

        await server.StopAsync();

        await using var restarted = await TestServer.StartInAsync(data, RoomSettings());
        await using var bob = await restarted.ConnectAsync("bob");
        await bob.SendAsync("/join dev");
        Assert.Equal("! dev needs a key: /join dev KEY", await ReplyAsync(bob));
        await bob.SendAsync("/join dev sesame");
        await bob.ExpectAsync("* you are in dev; nobody else is here");

        await using var alice2 = await restarted.ConnectAsync("someone");
        await alice2.SendAsync("/login alice " + AccountSettings.Password);
        await alice2.ExpectAsync("* you are logged in as alice");
        await alice2.SendAsync("/join dev");
        await alice2.ExpectAsync("* you are in dev; 1 other is here");
        Assert.Equal("* ChanServ set mode +o someone on dev", await ReplyAsync(alice2));
        await bob.ExpectAsync("* someone joined dev");
        Assert.Equal("* ChanServ set mode +o someone on dev", await ReplyAsync(bob));
        await alice2.SendAsync("/mode +b");
        await alice2.ExpectAsync("* bans in dev (1):");
        Assert.Equal("*   spam!*@* (set by alice)", await ReplyAsync(alice2));
    }

    [Fact]
    public async Task Refusals_say_why_and_the_founder_unregisters()
    {
        await using var server = await TestServer.StartAsync(RoomSettings("Rooms:MaxRegisteredPerAccount=1"));
        await using var guest = await server.ConnectAsync("guest");
        await using var alice = await RegisteredPlainAsync(server, "alice");
        await using var bob = await RegisteredPlainAsync(server, "bob");

        await guest.SendAsync("/register-room");
        Assert.Equal("! log in to an account first (/login NAME PASSWORD, or /register PASSWORD)", await ReplyAsync(guest));
        await alice.SendAsync("/register-room");
        Assert.Equal("! lobby is permanent: it is the server's, and cannot be registered", await ReplyAsync(alice));

        await alice.SendAsync("/join dev");
        await alice.ExpectAsync("* you are in dev; nobody else is here");
        await bob.SendAsync("/join dev");
        await bob.ExpectAsync("* you are in dev; 1 other is here");
        await alice.ExpectAsync("* bob joined dev");
        await bob.SendAsync("/register-room");
        Assert.Equal("! only the operators of dev may register it", await ReplyAsync(bob));
        await bob.SendAsync("/register-room nowhere");
        Assert.Equal("! there is no room called nowhere", await ReplyAsync(bob));
        await bob.SendAsync("/register-room " + new string('x', 300));
        Assert.StartsWith("! invalid room name " + new string('x', 50) + "…", await ReplyAsync(bob), StringComparison.Ordinal);

        await alice.SendAsync("/register-room");
        Assert.StartsWith("* you registered dev", await ReplyAsync(alice), StringComparison.Ordinal);
        await alice.SendAsync("/register-room dev");
        Assert.Equal("! dev is registered already", await ReplyAsync(alice));
        await alice.SendAsync("/join ops");
        await alice.ExpectAsync("* you are in ops; nobody else is here");
        await alice.SendAsync("/register-room");
        Assert.Equal("! you have registered 1 rooms, the most an account may", await ReplyAsync(alice));
        await alice.SendAsync("/unregister-room");
        Assert.Equal("! ops is not registered", await ReplyAsync(alice));

        await bob.SendAsync("/unregister-room");
        Assert.Equal("! only the founder of dev (or a server operator) may unregister it", await ReplyAsync(bob));
        await alice.SendAsync("/unregister-room dev");
        Assert.Equal("* you unregistered dev; it stays, as an ordinary room", await ReplyAsync(alice));
        Assert.False(server.Hub.FindRoom("dev")!.IsRegistered);
        Assert.Equal(0, server.Hub.RegisteredBy("alice"));
    }

    /// <summary>The next line but others' comings and goings in the lobby and renames (strict: an error among those fails).</summary>
    private static Task<string> ReplyAsync(LineClient client) =>
        client.ExpectAsync(l => !(l.StartsWith("* ", StringComparison.Ordinal) && (l.EndsWith(" joined lobby", StringComparison.Ordinal) || l.Contains(" is now known as ", StringComparison.Ordinal))));

    [Fact]
    public async Task Help_lists_the_registration_commands()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await server.ConnectAsync();
        await a.SendAsync("/help");
        await a.ExpectAsync(l => l.StartsWith("*   /register-room [ROOM]", StringComparison.Ordinal));
        await a.ExpectAsync(l => l.StartsWith("*   /unregister-room [ROOM]", StringComparison.Ordinal));
    }
}
