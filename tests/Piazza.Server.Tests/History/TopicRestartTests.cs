using Piazza.Testing;

namespace Piazza.Server.Tests.History;

/// <summary>Every room's last topic outlives the room emptying and the server restarting (issue: rooms that keep their settings).</summary>
[Trait("Category", "Slow")]
public sealed class TopicRestartTests
{
    [Fact]
    public async Task A_topic_comes_back_after_the_room_empties_and_after_a_restart()
    {
        var data = TestServer.NewDataDirectory();
        var server = await TestServer.StartInAsync(data);
        await using (var alice = await server.ConnectIrcAsync("alice"))
        {
            await alice.JoinAsync("#dev");
            await alice.SendAsync("TOPIC #dev :release on friday");
            await alice.ExpectAsync("TOPIC");
            await alice.JoinAsync("#tmp");
            await alice.SendAsync("TOPIC #tmp :short-lived");
            await alice.ExpectAsync("TOPIC");
            await alice.SendAsync("TOPIC #tmp :");
            await alice.ExpectAsync("TOPIC");
            await alice.JoinAsync("#lobby");
            await alice.SendAsync("TOPIC #lobby :welcome, everyone");
            await alice.ExpectAsync("TOPIC");
            await alice.SendAsync("PART #dev");
            await alice.ExpectAsync("PART");

            // The room closed with its last member; made again, it has its topic back.
            var rejoined = await alice.JoinAsync("#dev");
            Assert.Equal("release on friday", rejoined.Single(l => l.Is("332")).Last);
        }

        await server.StopAsync();
        await using var restarted = await TestServer.StartInAsync(data);
        await using var bob = await restarted.ConnectIrcAsync("bob");
        var dev = await bob.JoinAsync("#dev");
        var tmp = await bob.JoinAsync("#tmp");
        await bob.SendAsync("TOPIC #lobby");
        var lobby = await bob.ExpectAsync("332");
        await using var carol = await restarted.ConnectAsync("carol");
        await carol.SendAsync("/join dev");
        var plain = await carol.ExpectAsync(l => l.StartsWith("* topic of dev", StringComparison.Ordinal));

        Assert.Equal(["bob", "#dev", "release on friday"], dev.Single(l => l.Is("332")).Parameters);
        Assert.Equal(["bob", "#dev", "alice"], dev.Single(l => l.Is("333")).Parameters.Take(3));
        Assert.DoesNotContain(tmp, l => l.Is("332"));
        Assert.Equal("welcome, everyone", lobby.Last);
        Assert.Contains("release on friday", plain, StringComparison.Ordinal);
    }
}
