using System.Net;
using System.Text.RegularExpressions;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Piazza.Web.Tests.Infrastructure;

/// <summary>
/// The web client as a person uses it, through the selectors of <c>src/Piazza.Web/TESTIDS.md</c>:
/// join, pick a room, type, read lines. Every step waits with Playwright's expectations (they poll
/// until the page shows it or the test timeout passes), never a fixed sleep.
/// </summary>
public sealed class ChatPage(BrowserPage browser, IPEndPoint http)
{
    public BrowserPage Browser => browser;

    public IPage Page => browser.Page;

    public Uri Address { get; } = new($"http://{http}/");

    public ILocator ConnectionState => Page.GetByTestId("connection-state");

    public ILocator JoinError => Page.GetByTestId("join-error");

    public ILocator RoomList => Page.GetByTestId("room-list");

    public ILocator MessageScroll => Page.GetByTestId("message-scroll");

    /// <summary>The lines of the shown room.</summary>
    public ILocator Messages => Page.GetByTestId("message-list").GetByTestId("message");

    public Task OpenAsync() => Page.GotoAsync(Address.ToString());

    /// <summary>Fills the join screen as a guest named <paramref name="nick"/> and submits it, without waiting for the outcome.</summary>
    public async Task SubmitGuestAsync(string nick)
    {
        await OpenAsync();
        await Page.GetByTestId("join-nick").FillAsync(nick);
        await Page.GetByTestId("join-submit").ClickAsync();
    }

    /// <summary>Joins as a guest named <paramref name="nick"/>: connected, and shown the lobby, which the client joins first.</summary>
    public async Task JoinAsGuestAsync(string nick)
    {
        await SubmitGuestAsync(nick);
        await ExpectConnectedAsync(nick);
    }

    /// <summary>The page says it is connected as <paramref name="nick"/> and shows the lobby.</summary>
    public async Task ExpectConnectedAsync(string nick)
    {
        await Expect(ConnectionState).ToHaveAttributeAsync("data-state", "connected");
        await Expect(Page.GetByTestId("self-nick")).ToHaveTextAsync(nick);
        await Expect(Room("#lobby")).ToHaveAttributeAsync("data-active", "true");
    }

    /// <summary>The room list's entry for <paramref name="target"/> (<c>#lobby</c>, or a nick for a private conversation).</summary>
    public ILocator Room(string target) => Page.Locator($"[data-testid='room-item'][data-room='{target}']");

    /// <summary>Joins <paramref name="channel"/> (<c>#dev</c>) from the room list's input and waits until it is the shown room.</summary>
    public async Task JoinRoomAsync(string channel)
    {
        var input = Page.GetByTestId("room-join-input");
        await input.FillAsync(channel);
        await input.PressAsync("Enter");
        await Expect(Room(channel)).ToHaveAttributeAsync("data-active", "true");
    }

    /// <summary>Shows <paramref name="target"/> by clicking its entry in the room list.</summary>
    public async Task ShowRoomAsync(string target)
    {
        await Room(target).ClickAsync();
        await Expect(Room(target)).ToHaveAttributeAsync("data-active", "true");
    }

    /// <summary>Types <paramref name="text"/> in the composer and sends it with Enter; the composer empties.</summary>
    public async Task SayAsync(string text)
    {
        var composer = Page.GetByTestId("composer");
        await composer.FillAsync(text);
        await composer.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync(string.Empty);
    }

    /// <summary>The shown room's lines whose text is exactly <paramref name="text"/>.</summary>
    public ILocator Lines(string text) =>
        Messages.Filter(new() { Has = Page.Locator("[data-testid='message-text']", new() { HasTextRegex = Exactly(text) }) });

    /// <summary>A pattern matching all of a text and nothing more (Playwright compares with whitespace runs as one space).</summary>
    public static Regex Exactly(string text) => new("^" + Regex.Escape(text) + "$");

    /// <summary>A line from <paramref name="sender"/> saying exactly <paramref name="text"/> is shown, once.</summary>
    public async Task ExpectLineAsync(string sender, string text)
    {
        var line = Lines(text);
        await Expect(line).ToHaveCountAsync(1);
        await Expect(line.GetByTestId("message-sender")).ToHaveTextAsync(sender);
    }

    /// <summary>The shown room has no error line, and the join screen no error.</summary>
    public async Task ExpectNoErrorsAsync()
    {
        await Expect(Page.Locator("[data-testid='message'][data-kind='error']")).ToHaveCountAsync(0);
        await Expect(JoinError).ToBeHiddenAsync();
        browser.AssertNothingUnexpected();
    }
}
