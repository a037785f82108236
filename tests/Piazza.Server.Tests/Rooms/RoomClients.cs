using Piazza.Server.Tests.Accounts;
using Piazza.Testing;

namespace Piazza.Server.Tests.Rooms;

/// <summary>Clients logged in to accounts, and ChanServ's answers, for the registered room tests.</summary>
internal static class RoomClients
{
    /// <summary>Settings for these tests: a fast KDF.</summary>
    public static string[] RoomSettings(params string[] more) => [.. AccountSettings.Fast, .. more];

    /// <summary>An IRC client that registered the account of its nick (and so is logged in to it).</summary>
    public static async Task<IrcClient> RegisteredIrcAsync(TestServer server, string nick, params string[] caps)
    {
        var client = await server.ConnectIrcAsync(nick, caps);
        await client.SendAsync($"REGISTER * * :{AccountSettings.Password}");
        await client.ExpectAsync("900");
        return client;
    }

    /// <summary>An IRC client logged in to the existing account <paramref name="nick"/> with SASL PLAIN during registration.</summary>
    public static async Task<IrcClient> SaslIrcAsync(TestServer server, string nick) =>
        (await SaslClients.LogInDuringRegistrationAsync(server, nick, nick, nick + "u")).Client;

    /// <summary>
    /// Sends <paramref name="line"/> and returns ChanServ's NOTICE texts to it; anything else but
    /// NOTICEs from ChanServ before the barrier (an error numeric above all) fails the test.
    /// </summary>
    public static async Task<List<string>> AskAsync(IrcClient client, string line)
    {
        await client.SendAsync(line);
        var lines = await client.SyncAsync();
        Assert.All(lines, l => Assert.True(l.Is("NOTICE") && l.SourceNick == "ChanServ", $"not a ChanServ NOTICE: {l}"));
        return [.. lines.Select(l => l.Last)];
    }

    /// <summary>The one ChanServ NOTICE <paramref name="line"/> gets.</summary>
    public static async Task<string> AskOneAsync(IrcClient client, string line) => Assert.Single(await AskAsync(client, line));

    /// <summary>A plain client that registered the account of its nick.</summary>
    public static async Task<LineClient> RegisteredPlainAsync(TestServer server, string nick)
    {
        var client = await server.ConnectAsync(nick);
        await client.SendAsync("/register " + AccountSettings.Password);
        await client.ExpectAsync(l => l.StartsWith($"* registered the account {nick}", StringComparison.Ordinal));
        return client;
    }
}
