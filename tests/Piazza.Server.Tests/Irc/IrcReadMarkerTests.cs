using System.Globalization;

using Piazza.Server.Tests.Accounts;
using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>
/// draft/read-marker (https://ircv3.net/specs/extensions/read-marker) end to end: MARKREAD asked
/// and set, kept per account and shared by its connections, shown after JOIN, surviving a restart.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IrcReadMarkerTests
{
    private const string Cap = "draft/read-marker";
    private const string Read = "timestamp=2019-01-04T14:33:26.123Z";
    private const string ReadLater = "timestamp=2019-06-01T12:00:00.000Z";

    [Fact]
    public async Task A_marker_set_on_one_connection_is_shown_to_the_accounts_others_with_the_cap_and_to_no_one_else()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        var phone = await RegisteredAsync(server, "alice");
        await using var laptop = await LoggedInAsync(server, "laptop", "alice");
        await using var tablet = await LoggedInAsync(server, "tablet", "alice", withCap: false);
        var bob = await server.ConnectIrcAsync("bob", Cap);

        await laptop.SendAsync($"MARKREAD #dev {Read}");

        Assert.Equal(["#dev", Read], (await laptop.ExpectAsync("MARKREAD")).Parameters);
        var shown = await phone.ExpectAsync("MARKREAD");
        Assert.Equal(["#dev", Read], shown.Parameters);
        Assert.DoesNotContain('!', shown.Source!); // from the server

        // Once laptop's PING is answered, its MARKREAD has been shown to every session it would be.
        Assert.DoesNotContain(await laptop.SyncAsync(), l => l.Is("MARKREAD"));
        Assert.DoesNotContain(await tablet.SyncAsync(), l => l.Is("MARKREAD"));
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.Is("MARKREAD"));

        // Asked on another connection, in another case: the account's marker.
        await phone.SendAsync("MARKREAD #DEV");
        Assert.Equal(["#DEV", Read], (await phone.ExpectAsync("MARKREAD")).Parameters);
        await bob.SendAsync("MARKREAD #dev");
        Assert.Equal(["#dev", "*"], (await bob.ExpectAsync("MARKREAD")).Parameters);
    }

    [Fact]
    public async Task An_older_timestamp_is_ignored_answered_with_the_stored_one_and_shown_to_no_other()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        var phone = await RegisteredAsync(server, "alice");
        await using var laptop = await LoggedInAsync(server, "laptop", "alice");
        await laptop.SendAsync($"MARKREAD bob {ReadLater}");
        await laptop.ExpectAsync("MARKREAD");
        await phone.ExpectAsync("MARKREAD");

        await laptop.SendAsync($"MARKREAD bob {Read}");
        Assert.Equal(["bob", ReadLater], (await laptop.ExpectAsync("MARKREAD")).Parameters);
        await laptop.SendAsync($"MARKREAD bob {ReadLater}");
        Assert.Equal(["bob", ReadLater], (await laptop.ExpectAsync("MARKREAD")).Parameters);

        await laptop.SyncAsync();
        Assert.DoesNotContain(await phone.SyncAsync(), l => l.Is("MARKREAD"));
    }

    [Fact]
    public async Task A_join_shows_the_marker_after_the_join_and_before_the_end_of_names()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        var alice = await RegisteredAsync(server, "alice");
        var plain = await server.ConnectIrcAsync("carol");
        Assert.DoesNotContain(await plain.JoinAsync("#dev"), l => l.Is("MARKREAD"));

        var first = await alice.JoinAsync("#dev");
        Assert.Equal(["#dev", "*"], first.Single(l => l.Is("MARKREAD")).Parameters);
        Assert.True(first.FindIndex(l => l.Is("JOIN")) < first.FindIndex(l => l.Is("MARKREAD")));
        Assert.True(first.FindIndex(l => l.Is("MARKREAD")) < first.FindIndex(l => l.Is("353")));

        await alice.SendAsync($"MARKREAD #dev {Read}");
        await alice.ExpectAsync("MARKREAD");
        await alice.SendAsync("PART #dev");
        await alice.ExpectAsync("PART");
        await alice.SendAsync("JOIN #DEV");
        var again = await alice.ReadUntilAsync(l => l.Is("366"));

        // Named as the JOIN names the channel (carol kept it open, as #dev).
        Assert.Equal(["#dev", Read], again.Single(l => l.Is("MARKREAD")).Parameters);
    }

    [Fact]
    public async Task Bad_parameters_fail_as_the_spec_says()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", Cap);

        Assert.Equal(["MARKREAD", "NEED_MORE_PARAMS", "Missing parameters"], await FailAsync(alice, "MARKREAD"));
        Assert.Equal(["MARKREAD", "INVALID_PARAMS", "*", "Invalid timestamp"], await FailAsync(alice, "MARKREAD #dev *"));
        Assert.Equal(["MARKREAD", "INVALID_PARAMS", "timestamp=not-a-timestamp", "Invalid timestamp"], await FailAsync(alice, "MARKREAD #dev timestamp=not-a-timestamp"));
        Assert.Equal(["MARKREAD", "INVALID_PARAMS", "2019-01-04T14:33:26.123Z", "Invalid timestamp"], await FailAsync(alice, "MARKREAD #dev 2019-01-04T14:33:26.123Z"));
        Assert.Equal(["MARKREAD", "INVALID_PARAMS", "#no,such", "Invalid target"], await FailAsync(alice, $"MARKREAD #no,such {Read}"));
        Assert.Equal(["MARKREAD", "INVALID_PARAMS", "1nick", "Invalid target"], await FailAsync(alice, "MARKREAD 1nick"));

        // Still answered after all that.
        await alice.SendAsync("MARKREAD #dev");
        Assert.Equal(["#dev", "*"], (await alice.ExpectAsync("MARKREAD")).Parameters);
    }

    [Fact]
    public async Task A_timestamp_in_the_future_is_kept_as_now()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", Cap);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await alice.SendAsync("MARKREAD #dev timestamp=2999-01-01T00:00:00.000Z");
        var answer = (await alice.ExpectAsync("MARKREAD"))[1];

        var stored = DateTimeOffset.Parse(answer["timestamp=".Length..], CultureInfo.InvariantCulture);
        Assert.InRange(stored, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Without_an_account_a_connection_keeps_markers_of_its_own()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice", Cap);
        var bob = await server.ConnectIrcAsync("bob", Cap);

        await alice.SendAsync($"MARKREAD bob {Read}");
        Assert.Equal(["bob", Read], (await alice.ExpectAsync("MARKREAD")).Parameters);
        await alice.SendAsync("MARKREAD bob");
        Assert.Equal(["bob", Read], (await alice.ExpectAsync("MARKREAD")).Parameters);
        Assert.Equal(["#dev", "*"], (await alice.JoinAsync("#dev")).Single(l => l.Is("MARKREAD")).Parameters);

        await alice.SyncAsync();
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.Is("MARKREAD"));
        await bob.SendAsync("MARKREAD bob");
        Assert.Equal(["bob", "*"], (await bob.ExpectAsync("MARKREAD")).Parameters);
    }

    [Fact]
    public async Task Markers_outlive_a_restart()
    {
        var data = TestServer.NewDataDirectory();
        var server = await TestServer.StartInAsync(data, AccountSettings.Fast);
        await using (var alice = await RegisteredAsync(server, "alice"))
        {
            await alice.SendAsync($"MARKREAD #dev {Read}");
            await alice.ExpectAsync("MARKREAD");
        }

        await server.StopAsync();
        await using var restarted = await TestServer.StartInAsync(data, AccountSettings.Fast);
        await using var laptop = await LoggedInAsync(restarted, "laptop", "alice");

        Assert.Equal(["#dev", Read], (await laptop.JoinAsync("#dev")).Single(l => l.Is("MARKREAD")).Parameters);
        await laptop.SendAsync("MARKREAD #dev");
        Assert.Equal(["#dev", Read], (await laptop.ExpectAsync("MARKREAD")).Parameters);
    }

    /// <summary>Sends <paramref name="line"/> and returns the parameters of the FAIL it gets.</summary>
    [Fact]
    public async Task A_renamed_channels_markers_follow_it_for_every_account()
    {
        await using var server = await TestServer.StartAsync(AccountSettings.Fast);
        var alice = await RegisteredAsync(server, "alice");
        await alice.JoinAsync("#dev");
        await alice.SendAsync($"MARKREAD #dev {Read}");
        await alice.ExpectAsync("MARKREAD");
        var bob = await RegisteredAsync(server, "bob");
        await bob.SendAsync($"MARKREAD #dev {ReadLater}");
        await bob.ExpectAsync("MARKREAD");

        await alice.SendAsync("RENAME #dev #ops :moving");
        await alice.ExpectAsync(l => l.Is("JOIN") && l[0] == "#ops");
        await alice.SyncAsync();

        await alice.SendAsync("MARKREAD #ops");
        Assert.Equal(["#ops", Read], (await alice.ExpectAsync("MARKREAD")).Parameters);
        await bob.SendAsync("MARKREAD #ops");
        Assert.Equal(["#ops", ReadLater], (await bob.ExpectAsync("MARKREAD")).Parameters);
        await bob.SendAsync("MARKREAD #dev");
        Assert.Equal(["#dev", "*"], (await bob.ExpectAsync("MARKREAD")).Parameters);
    }

    private static async Task<IReadOnlyList<string>> FailAsync(IrcClient client, string line)
    {
        await client.SendAsync(line);
        return (await client.ExpectAsync("FAIL")).Parameters;
    }

    /// <summary>A client with the cap that registered the account <paramref name="nick"/>, and is logged in to it.</summary>
    private static async Task<IrcClient> RegisteredAsync(TestServer server, string nick)
    {
        var client = await server.ConnectIrcAsync(nick, Cap);
        await client.SendAsync($"REGISTER * * :{AccountSettings.Password}");
        await client.ExpectAsync("REGISTER");
        await client.ExpectAsync("900");
        return client;
    }

    /// <summary>A client registered as <paramref name="nick"/>, logged in to <paramref name="account"/> by SASL PLAIN, with the cap or without.</summary>
    private static Task<IrcClient> LoggedInAsync(TestServer server, string nick, string account, bool withCap = true) =>
        SaslClients.LoggedInAsync(server, nick, account, withCap ? [Cap] : []);
}
