using System.Text;

using Piazza.Testing;

namespace Piazza.Server.Tests.Accounts;

/// <summary>IRC clients that log in to an account with SASL PLAIN during registration, as a client with a saved password does.</summary>
internal static class SaslClients
{
    /// <summary>
    /// A client registered as <paramref name="nick"/>, logged in to <paramref name="account"/>
    /// (password <see cref="AccountSettings.Password"/>) before CAP END, with <paramref name="caps"/>
    /// besides sasl; returned after its welcome burst.
    /// </summary>
    public static async Task<IrcClient> LoggedInAsync(TestServer server, string nick, string account, params string[] caps) =>
        (await LogInDuringRegistrationAsync(server, nick, account, nick, caps)).Client;

    /// <summary>As <see cref="LoggedInAsync"/>, with the USER name given and the burst's lines (from 903 to the end of the MOTD) returned too.</summary>
    public static async Task<(IrcClient Client, List<IrcLine> Burst)> LogInDuringRegistrationAsync(TestServer server, string nick, string account, string user, params string[] caps)
    {
        var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync(string.Join(' ', ["CAP REQ :sasl", .. caps]));
        Assert.Equal("ACK", (await client.ExpectAsync("CAP"))[1]);
        await client.SendAsync("NICK " + nick);
        await client.SendAsync($"USER {user} 0 * :{nick}");
        await client.SendAsync("AUTHENTICATE PLAIN");
        await client.ExpectAsync("AUTHENTICATE");
        await client.SendAsync("AUTHENTICATE " + Plain(account, AccountSettings.Password));
        await client.ExpectAsync("903");
        await client.SendAsync("CAP END");
        var burst = await client.ReadUntilAsync(l => l.Is("376") || l.Is("422"));
        return (client, burst);
    }

    /// <summary>The SASL PLAIN message for <paramref name="account"/>, base64: no authorization identity.</summary>
    public static string Plain(string account, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{account}\0{password}"));
}
