using Piazza.Testing;

namespace Piazza.Server.Tests.Operators;

/// <summary>The plain protocol's /oper, /kill and /wallops.</summary>
[Trait("Category", "Slow")]
public sealed class PlainOperatorCommandTests
{
    [Fact]
    public async Task Oper_right_and_wrong_then_kill_and_wallops()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var root = await server.ConnectAsync();
        await using var victim = await server.ConnectAsync("victim");
        await root.ExpectAsync(l => l.EndsWith("is now known as victim", StringComparison.Ordinal));

        await root.SendAsync("/kill victim nope");
        Assert.Equal("! only server operators may do that; /oper NAME PASSWORD first", await root.NextAsync());
        await root.SendAsync("/oper root wrong");
        Assert.Equal("! wrong operator name or password", await root.NextAsync());
        await root.SendAsync($"/oper {OperatorAccounts.Name} {OperatorAccounts.Password}");
        Assert.StartsWith("* you are now a server operator", await root.NextAsync(), StringComparison.Ordinal);

        await root.SendAsync("/wallops hello operators");
        Assert.Equal($"* wallops from {root.Address}: hello operators", await root.NextAsync());
        await root.SendAsync("/kill victim go away");

        // The reply and the victim's quit (sent from the victim's own session as it closes) may come in either order.
        var killer = GuestNickOf(server, root);
        Assert.Equal(
            new[] { "* victim quit (Killed (" + killer + " (go away)))", "* you killed victim (go away)" },
            new[] { await root.NextAsync(), await root.NextAsync() }.Order(StringComparer.Ordinal));
        var last = await victim.WaitClosedAsync();
        Assert.Equal("* Killed (" + GuestNickOf(server, root) + " (go away))", Assert.Single(last));
    }

    private static string GuestNickOf(TestServer server, LineClient client) =>
        server.Hub.Members.Single(m => m.Address == client.Address).Nick;
}
