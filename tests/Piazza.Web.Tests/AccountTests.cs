using Piazza.Testing;
using Piazza.Web.Tests.Infrastructure;

using static Microsoft.Playwright.Assertions;

namespace Piazza.Web.Tests;

/// <summary>Accounts from the page: register (IRC REGISTER before connecting), log in (SASL PLAIN), a wrong password refused.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Slow")]
public sealed class AccountTests(BrowserFixture browser)
{
    private const string Password = "correct horse battery";

    /// <summary>A cheap KDF: the default's 600,000 iterations take a third of a second a check.</summary>
    private static readonly string[] FastAccounts = ["Accounts:PasswordIterations=1000"];

    [Fact]
    public async Task A_person_registers_from_the_page_then_logs_in_and_a_wrong_password_is_refused()
    {
        await using var server = await TestServer.StartAsync(FastAccounts);
        // extended-join names the account of whoever joins: what the server thinks of the page.
        var dave = await server.ConnectIrcAsync("dave", "extended-join");
        await dave.JoinAsync("#lobby");
        var test = nameof(A_person_registers_from_the_page_then_logs_in_and_a_wrong_password_is_refused);

        await using (var registering = await browser.OpenAsync(test + "-register"))
        {
            var page = new ChatPage(registering, server.HttpEndPoint!);
            await registering.RunAsync(async () =>
            {
                await page.OpenAsync();
                await page.Page.GetByTestId("join-mode-register").CheckAsync();
                await page.Page.GetByTestId("join-nick").FillAsync("anna");
                await page.Page.GetByTestId("join-password").FillAsync(Password);
                await registering.ShotAsync("register-form");
                await page.Page.GetByTestId("join-submit").ClickAsync();
                await page.ExpectConnectedAsync("anna");
                var joined = await dave.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "anna");
                Assert.Equal(("#lobby", "anna"), (joined[0], joined[1]));
                await registering.ShotAsync("registered");
                await page.ExpectNoErrorsAsync();

                await page.Page.GetByTestId("disconnect").ClickAsync();
                await Expect(page.Page.GetByTestId("join-form")).ToBeVisibleAsync();
                await dave.ExpectAsync(l => l.Is("QUIT") && l.SourceNick == "anna");
            });
        }

        await using var browserPage = await browser.OpenAsync(test + "-login");
        var login = new ChatPage(browserPage, server.HttpEndPoint!);
        await browserPage.RunAsync(async () =>
        {
            await login.OpenAsync();
            await login.Page.GetByTestId("join-mode-login").CheckAsync();
            await login.Page.GetByTestId("join-nick").FillAsync("anna");
            await login.Page.GetByTestId("join-password").FillAsync("not the password");
            await login.Page.GetByTestId("join-submit").ClickAsync();
            await Expect(login.JoinError).ToBeVisibleAsync();
            await Expect(login.JoinError).ToContainTextAsync("Login failed");
            await browserPage.ShotAsync("wrong-password");

            await login.Page.GetByTestId("join-mode-login").CheckAsync();
            await login.Page.GetByTestId("join-nick").FillAsync("anna");
            await login.Page.GetByTestId("join-password").FillAsync(Password);
            await login.Page.GetByTestId("join-submit").ClickAsync();
            await login.ExpectConnectedAsync("anna");
            var joined = await dave.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "anna");
            Assert.Equal(("#lobby", "anna"), (joined[0], joined[1]));
            await browserPage.ShotAsync("logged-in");
            await login.ExpectNoErrorsAsync();
            await dave.SyncAsync();
        });
    }
}
