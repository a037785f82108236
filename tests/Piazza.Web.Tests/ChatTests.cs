using Piazza.Testing;
using Piazza.Web.Tests.Infrastructure;

using static Microsoft.Playwright.Assertions;

namespace Piazza.Web.Tests;

/// <summary>The web client chats live with the other ways in: another page, nc (the plain protocol) and IRC, in one room.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ChatTests(BrowserFixture browser)
{
    private static readonly string[] Everyone = ["anna", "ben", "carol", "dave"];

    [Fact]
    public async Task Two_pages_an_nc_client_and_an_irc_client_chat_in_the_lobby_both_ways()
    {
        await using var server = await TestServer.StartAsync();
        await using var annaPage = await browser.OpenAsync(nameof(Two_pages_an_nc_client_and_an_irc_client_chat_in_the_lobby_both_ways) + "-anna");
        await using var benPage = await browser.OpenAsync(nameof(Two_pages_an_nc_client_and_an_irc_client_chat_in_the_lobby_both_ways) + "-ben");
        var anna = new ChatPage(annaPage, server.HttpEndPoint!);
        var ben = new ChatPage(benPage, server.HttpEndPoint!);

        await annaPage.RunAsync(() => benPage.RunAsync(async () =>
        {
            await anna.JoinAsGuestAsync("anna");
            await ben.JoinAsGuestAsync("ben");
            var carol = await server.ConnectAsync("carol");
            var dave = await server.ConnectIrcAsync("dave");
            await dave.JoinAsync("#lobby");
            // Each page lists the others in the lobby: the member list follows joins from every protocol.
            foreach (var page in new[] { anna, ben })
            {
                foreach (var nick in Everyone)
                {
                    await Expect(page.Page.Locator($"[data-testid='member'][data-nick='{nick}']")).ToHaveCountAsync(1);
                }
            }

            await annaPage.ShotAsync("joined");

            // From a page to the other page, nc and IRC.
            await anna.SayAsync("hello from anna's browser");
            await anna.ExpectLineAsync("anna", "hello from anna's browser");
            await ben.ExpectLineAsync("anna", "hello from anna's browser");
            await carol.ExpectAsync("[anna] hello from anna's browser");
            var fromAnna = await dave.ExpectAsync(l => l.Is("PRIVMSG") && l.SourceNick == "anna");
            Assert.Equal(("#lobby", "hello from anna's browser"), (fromAnna[0], fromAnna.Last));

            // From nc and IRC to both pages.
            await carol.SendAsync("hello from nc");
            await dave.SendAsync("PRIVMSG #lobby :hello from irc");
            await carol.ExpectAsync("[dave] hello from irc");
            foreach (var page in new[] { anna, ben })
            {
                await page.ExpectLineAsync("carol", "hello from nc");
                await page.ExpectLineAsync("dave", "hello from irc");
            }

            // From the second page back to the first, nc and IRC.
            await ben.SayAsync("ben here");
            await anna.ExpectLineAsync("ben", "ben here");
            await carol.ExpectAsync("[ben] ben here");
            var fromBen = await dave.ExpectAsync(l => l.Is("PRIVMSG") && l.SourceNick == "ben");
            Assert.Equal("ben here", fromBen.Last);

            await annaPage.ShotAsync("chatted");
            await benPage.ShotAsync("chatted");
            // Nothing went wrong on the way: no error line on either page, no error reply to IRC.
            await anna.ExpectNoErrorsAsync();
            await ben.ExpectNoErrorsAsync();
            await dave.SyncAsync();
        }));
    }

    [Fact]
    public async Task A_private_message_from_irc_opens_a_conversation_and_me_reaches_irc_and_nc_as_an_action()
    {
        await using var server = await TestServer.StartAsync();
        await using var browserPage = await browser.OpenAsync(nameof(A_private_message_from_irc_opens_a_conversation_and_me_reaches_irc_and_nc_as_an_action));
        var anna = new ChatPage(browserPage, server.HttpEndPoint!);
        await browserPage.RunAsync(async () =>
        {
            await anna.JoinAsGuestAsync("anna");
            var carol = await server.ConnectAsync("carol");
            var dave = await server.ConnectIrcAsync("dave");
            await dave.JoinAsync("#lobby");

            // /me in the lobby: an action for IRC (CTCP ACTION) and nc, shown as one on the page.
            await anna.SayAsync("/me waves");
            var action = await dave.ExpectAsync(l => l.Is("PRIVMSG") && l.SourceNick == "anna");
            Assert.Equal(("#lobby", "\u0001ACTION waves\u0001"), (action[0], action.Last));
            await carol.ExpectAsync("[anna] * waves");
            await Expect(anna.Lines("waves")).ToHaveAttributeAsync("data-kind", "action");

            // A private message: a conversation named after the sender, counted as unread while not shown.
            await dave.SendAsync("PRIVMSG anna :psst, anna");
            var conversation = anna.Room("dave");
            await Expect(conversation).ToHaveCountAsync(1);
            await Expect(conversation.GetByTestId("room-unread")).ToHaveTextAsync("1");
            await browserPage.ShotAsync("private-message-unread");
            await anna.ShowRoomAsync("dave");
            await anna.ExpectLineAsync("dave", "psst, anna");
            await Expect(conversation.GetByTestId("room-unread")).ToHaveCountAsync(0);

            await anna.SayAsync("hi dave, only you see this");
            var reply = await dave.ExpectAsync(l => l.Is("PRIVMSG") && l.SourceNick == "anna");
            Assert.Equal(("dave", "hi dave, only you see this"), (reply[0], reply.Last));
            await anna.ExpectLineAsync("anna", "hi dave, only you see this");
            await browserPage.ShotAsync("private-conversation");

            await anna.ExpectNoErrorsAsync();
            await dave.SyncAsync();
        });
    }
}
