using System.Net.Sockets;
using System.Text;

using Piazza.Testing;

namespace Piazza.Server.Tests.Flood;

/// <summary>
/// A client that stops reading is dropped for its send queue, and when it reads again it finds
/// why at the end, in its own protocol, rather than only a reset. The talker here is far past
/// any flood allowance on purpose (it must fill a queue), so these servers run with
/// <c>Flood:Enabled=false</c>.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SendQueueReasonTests
{
    [Theory]
    [InlineData(false, "! you did not read what the server sent you (more than 65536 bytes waited): send queue exceeded; disconnected")]
    [InlineData(true, "ERROR :Closing Link: 127.0.0.1 (SendQ exceeded)")]
    public async Task A_client_that_stops_reading_is_told_why_when_it_reads_again(bool irc, string reason)
    {
        await using var server = await TestServer.StartAsync("Flood:Enabled=false", "Chat:MaxSendQueueBytes=65536");
        await using var talker = await server.ConnectAsync();
        using var sloth = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await sloth.ConnectAsync(irc ? server.IrcEndPoint : server.EndPoint).WaitAsync(TestServer.Timeout);
        await sloth.SendAsync(irc ? "NICK sloth\r\nUSER s 0 * :Sloth\r\nJOIN #lobby\r\n"u8.ToArray() : "/nick sloth\n"u8.ToArray());
        await talker.ExpectAsync(l => l.EndsWith(irc ? "* sloth joined lobby" : " is now known as sloth", StringComparison.Ordinal));

        // The talker talks until the server gives up on the sloth (bounded: 20 MB).
        var line = new string('x', 1000);
        var quit = talker.ExpectAsync(l => l.Contains(" quit (", StringComparison.Ordinal));
        for (var i = 0; i < 20_000 && !quit.IsCompleted; i++)
        {
            await talker.SendAsync($"{i} {line}");
        }

        Assert.Equal("* sloth quit (send queue exceeded)", await quit);

        // Now it reads: what was on its way (kernel and pipe buffers), then the reason, then the end.
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        try
        {
            int read;
            while ((read = await sloth.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // A reset after the reason is still a close; whether the reason came is checked below.
        }

        var lines = Encoding.UTF8.GetString(received.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(reason, lines[^1]);
        Assert.All(lines.SkipLast(1).SkipWhile(l => !l.Contains(" 0 x", StringComparison.Ordinal)), l => Assert.Contains(line, l, StringComparison.Ordinal));
    }
}
