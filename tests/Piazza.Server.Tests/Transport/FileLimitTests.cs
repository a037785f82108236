using System.Net;
using System.Net.Sockets;

using Piazza.Server.Hosting;
using Piazza.Server.Tests.Http;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Transport;

/// <summary>
/// The real server run with a low open-file limit (<c>prlimit --nofile</c>) and sent more clients
/// than it has descriptors, on both transports. Before, it took descriptors until none was left:
/// the runtime then failed to open the pipe a new thread-pool thread needs and ended the process
/// ("Out of memory."), or, on our transport, the accept loop threw EMFILE and never accepted again.
/// Now it stops short of its last descriptors (<c>Listen:ReservedFileDescriptors</c>), says so
/// once, keeps serving the clients it has, and takes new ones once some leave.
/// </summary>
[Trait("Category", "Slow")]
public sealed class FileLimitTests
{
    /// <summary>Enough for the server's own ~220 descriptors (its assemblies, mostly), the reserve, and about a hundred clients.</summary>
    private const int FileLimit = 400;

    [Theory]
    [InlineData("piazza")]
    [InlineData("kestrel")]
    public async Task Past_its_open_file_limit_it_keeps_its_clients_says_so_once_and_takes_new_ones_once_some_leave(string transport)
    {
        await using var server = await ServerProcess.StartWithFileLimitAsync(FileLimit, $"Listen:Transport={transport}");
        var inUse = Directory.GetFileSystemEntries($"/proc/{server.Id}/fd").Length;
        Assert.True(inUse + 20 < FileLimit - ListenSettings.DefaultReservedFileDescriptors,
            $"the server holds {inUse} descriptors at start: raise {nameof(FileLimit)} ({FileLimit}) so that clients fit below the reserve");
        await using var alice = await JoinCalmAsync(server, "alice");
        await using var bob = await JoinCalmAsync(server, "bob");
        await alice.ExpectAsync("* bob joined calm");
        const string told = "[190]";

        // As many clients as the limit: without the reserve, they would take every descriptor.
        var crowd = new List<Socket>();
        try
        {
            for (var i = 0; i < FileLimit; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                crowd.Add(client);
                try
                {
                    await client.ConnectAsync(server.EndPoint).WaitAsync(TestServer.Timeout);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
                {
                    // Accepted in the reserve and closed (Kestrel's transport closes abortively) before the connect was seen to complete.
                }
            }

            await server.WaitForOutputAsync(line => line.Contains(told, StringComparison.Ordinal));

            // Who is in still chats, and the HTTP port (half the reserve is its) still answers.
            await alice.SendAsync("still here");
            Assert.Equal("[alice@calm] still here", await bob.NextChatAsync());
            await bob.SendAsync("so am I");
            Assert.Equal("[bob@calm] so am I", await alice.NextChatAsync());
            using var health = new HealthProbe(server.HttpEndPoint);
            Assert.Equal(HttpStatusCode.OK, (await health.GetAsync()).Status);

            // Told once for the whole crowd, not once per client turned away.
            Assert.Single(server.Output, line => line.Contains(told, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var client in crowd)
            {
                client.Dispose();
            }
        }

        // The crowd gone, a new client is taken and chats. While the server takes back the crowd's
        // descriptors (the backlog's dead connections are accepted and closed too), a client may
        // still be turned away; a few tries, each at the back of the backlog, get through.
        await using var carol = await ConnectWhenTakenAsync(server, "carol", tries: 10);
        await alice.ExpectAsync("* carol joined calm");
        await carol.SendAsync("made it");
        Assert.Equal("[carol@calm] made it", await alice.NextChatAsync());
        Assert.False(server.HasExited);
    }

    /// <summary>Like <see cref="JoinCalmAsync"/>, trying again when the server closes the connection before its welcome.</summary>
    private static async Task<LineClient> ConnectWhenTakenAsync(ServerProcess server, string nick, int tries)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await JoinCalmAsync(server, nick);
            }
            catch (Exception ex) when (i < tries && ex is InvalidOperationException or IOException or SocketException)
            {
                // Closed for the descriptor reserve: the server still had too few free.
            }
        }
    }

    /// <summary>A client named <paramref name="nick"/> in the room <c>calm</c>, away from the crowd's joins in the lobby.</summary>
    private static async Task<LineClient> JoinCalmAsync(ServerProcess server, string nick)
    {
        var client = await LineClient.ConnectAsync(server.EndPoint);
        await client.NickAsync(nick);
        await client.SendAsync("/join calm");
        await client.ExpectAsync(line => line.StartsWith("* you are in calm;", StringComparison.Ordinal));
        return client;
    }
}
