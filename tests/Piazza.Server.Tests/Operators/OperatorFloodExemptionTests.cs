using System.Text;

using Piazza.Testing;

namespace Piazza.Server.Tests.Operators;

/// <summary>Flood control does not apply to server operators (issue 10), from the moment they /oper.</summary>
[Trait("Category", "Slow")]
public sealed class OperatorFloodExemptionTests
{
    private const int Lines = 100;

    [Fact]
    public async Task A_server_operators_lines_are_never_delayed()
    {
        // One line a second after a burst of 5: without the exemption the 100th line would wait
        // about 95 s, far past the test's timeout.
        await using var server = await TestServer.StartAsync([.. OperatorAccounts.Settings, "Flood:LinesPerSecond=1", "Flood:LineBurst=5"]);
        await using var root = await server.ConnectAsync();
        await using var reader = await server.ConnectAsync();
        await root.NickAsync("root");
        await reader.ExpectAsync(l => l.EndsWith("is now known as root", StringComparison.Ordinal));
        await root.SendAsync($"/oper {OperatorAccounts.Name} {OperatorAccounts.Password}");
        Assert.StartsWith("* you are now a server operator", await root.NextAsync(), StringComparison.Ordinal);

        var burst = new StringBuilder();
        for (var i = 1; i <= Lines; i++)
        {
            burst.Append("line ").Append(i).Append('\n');
        }

        await root.SendRawAsync(Encoding.UTF8.GetBytes(burst.ToString()));

        for (var i = 1; i <= Lines; i++)
        {
            Assert.Equal($"[root] line {i}", await reader.NextAsync());
        }

        // Still connected, and never told it was flooding.
        await root.SendAsync("/rooms");
        Assert.StartsWith("* ", await root.NextAsync(), StringComparison.Ordinal);
    }
}
