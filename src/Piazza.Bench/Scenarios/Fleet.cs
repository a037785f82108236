using Piazza.Bench.Measure;
using Piazza.Bench.Net;

namespace Piazza.Bench.Scenarios;

/// <summary>
/// The clients of a traffic scenario, connected, registered and in their rooms, each with its
/// receive loop running from the moment it is registered (so nothing piles up in the server's
/// queues while the rest connect).
/// </summary>
internal sealed class Fleet : IAsyncDisposable
{
    /// <summary>The line a probe carries (see <see cref="Protocols.ChatProtocol.NeedsProbe"/>).</summary>
    public static readonly byte[] ProbeText = "pz-probe"u8.ToArray();

    /// <summary>Tries per client before a reset or refused connection counts as a failure.</summary>
    private const int ConnectAttempts = 3;

    private readonly FleetClient?[] _clients;
    private int _connectRetries;
    private volatile bool _closing;
    private int _unexpectedCloses;
    private string? _firstCloseReason;

    private Fleet(Target target, Topology topology, int phases)
    {
        Target = target;
        Topology = topology;
        Phases = phases;
        Latencies = new LatencyRecorder(phases);
        SendLag = new LatencyRecorder(phases);
        _clients = new FleetClient?[topology.Clients];
    }

    public Target Target { get; }

    public Topology Topology { get; }

    public int Phases { get; }

    public LatencyRecorder Latencies { get; }

    /// <summary>How late each message went out after it was due: the bench's own lag, included in latency.</summary>
    public LatencyRecorder SendLag { get; }

    /// <summary>The connected clients (all of them once <see cref="ConnectAsync"/> returned).</summary>
    public IEnumerable<FleetClient> Clients => _clients.OfType<FleetClient>();

    /// <summary>The senders.</summary>
    public IEnumerable<FleetClient> Senders => Clients.Where(c => c.Frame is not null);

    /// <summary>How many are connected and registered.</summary>
    public int Connected { get; private set; }

    /// <summary>Connections the server closed or broke while the fleet was running.</summary>
    public int UnexpectedCloses => Volatile.Read(ref _unexpectedCloses);

    /// <summary>Why the first of them ended.</summary>
    public string? FirstCloseReason => Volatile.Read(ref _firstCloseReason);

    /// <summary>How connecting went.</summary>
    public ConnectStats? ConnectStats { get; private set; }

    /// <summary>Connections tried again after the server reset or refused them.</summary>
    public int ConnectRetries => Volatile.Read(ref _connectRetries);

    /// <summary>
    /// Connects and registers every client of <paramref name="topology"/>; stops at the first
    /// failure (a traffic scenario needs all of them).
    /// </summary>
    public static async Task<Fleet> ConnectAsync(Target target, Topology topology, int phases, CancellationToken cancel)
    {
        var fleet = new Fleet(target, topology, phases);
        var connected = 0;
        await using var progress = Progress.Start(target.Progress, () => $"connecting {Volatile.Read(ref connected):#,0}/{topology.Clients:#,0}", cancel);
        fleet.ConnectStats = await ParallelConnector.RunAsync(
            topology.Clients,
            target.ConnectConcurrency,
            target.ConnectTimeLimit,
            target.ConnectTimeout,
            stopOnFailure: true,
            async (index, token) =>
            {
                await fleet.ConnectOneAsync(index, token);
                Interlocked.Increment(ref connected);
            },
            cancel);
        fleet.Connected = connected;
        return fleet;
    }

    /// <summary>
    /// For servers that never confirm membership: the first client sends probe lines until
    /// every other client has heard one (or the time is up); false if some never did.
    /// </summary>
    public async Task<bool> ProbeAsync(TimeSpan timeLimit, CancellationToken cancel)
    {
        var first = _clients[0] ?? throw new InvalidOperationException("not connected");
        var probe = new byte[ProbeText.Length + 1];
        ProbeText.CopyTo(probe, 0);
        probe[^1] = (byte)'\n';
        var deadline = DateTime.UtcNow + timeLimit;
        while (DateTime.UtcNow < deadline)
        {
            await first.Connection.SendAsync(probe, cancel);
            await Task.Delay(200, cancel);
            if (Clients.All(c => c == first || c.Receiver.ProbeSeen))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Messages received for the first time in <paramref name="phase"/>, by all clients.</summary>
    public long Unique(int phase) => Clients.Sum(c => c.Receiver.Account.Tally(phase).Unique);

    /// <summary>Messages sent in <paramref name="phase"/>, by all senders.</summary>
    public long Sent(int phase) => Senders.Sum(c => c.Sent[phase]);

    /// <summary>Deliveries due for what was sent in <paramref name="phase"/>: each message times its room's audience.</summary>
    public long Expected(int phase) =>
        Senders.Sum(c => c.Sent[phase] * Topology.AudienceOf(c.Room, Target.Protocol.SelfDelivery));

    /// <summary>Called by a receive loop when its connection ends.</summary>
    public void OnClientClosed(Exception? error)
    {
        if (_closing)
        {
            return;
        }

        Interlocked.Increment(ref _unexpectedCloses);
        Interlocked.CompareExchange(ref _firstCloseReason, error?.Message ?? "closed by the server", null);
    }

    /// <summary>Closes every connection and waits for the loops to end.</summary>
    public async ValueTask DisposeAsync()
    {
        _closing = true;
        var loops = new List<Task>();
        foreach (var client in Clients)
        {
            await client.CloseAsync();
            loops.AddRange(new[] { client.Receiving, client.Publishing }.OfType<Task>());
        }

        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(30));
        Latencies.Dispose();
        SendLag.Dispose();
    }

    private async Task ConnectOneAsync(int index, CancellationToken cancel)
    {
        var protocol = Target.Protocol;
        var room = Topology.RoomOf(index);
        var roomName = Topology.RoomName(room);
        var source = SourceAddresses.For(index, Target.SourceAddresses);
        // By the client's own index: a room's members (its senders too) are consecutive, so they
        // land on different nodes of a cluster and the room's messages have to cross between them.
        var server = Target.ServerFor(index);
        var connection = await ConnectWithRetriesAsync(server, source, cancel);
        FleetClient client;
        try
        {
            await protocol.RegisterAsync(connection, Nick(index), protocol.SupportsRooms ? roomName : null, cancel);
            var account = new DeliveryAccount(Topology.FirstMember(room), Topology.SendersIn(room), Phases);
            client = new FleetClient(index, room, connection, new Receiver(protocol, account, Latencies, this), Phases);
            _clients[index] = client;
            client.Receiving = connection.ReceiveLoopAsync(client.Receiver, CancellationToken.None);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        if (!Topology.IsSender(index))
        {
            return;
        }

        client.Frame = protocol.FrameFor(roomName, Target.PayloadBytes);
        if (protocol.NeedsPublisher)
        {
            client.Publisher = await BenchConnection.ConnectAsync(server, source, 1024, cancel);
            client.Publishing = client.Publisher.ReceiveLoopAsync(new DiscardSink(protocol, this), CancellationToken.None);
        }
    }

    /// <summary>
    /// Connects, trying again (up to <see cref="ConnectAttempts"/> times, a moment apart) when the
    /// server resets or refuses the connection, as a real client would: some servers (ngIRCd)
    /// reset connections during a connect storm. The retries are counted in the result.
    /// </summary>
    private async Task<BenchConnection> ConnectWithRetriesAsync(System.Net.IPEndPoint server, System.Net.IPAddress? source, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await BenchConnection.ConnectAsync(server, source, Target.ReceiveBufferBytes, cancel);
            }
            catch (System.Net.Sockets.SocketException) when (attempt < ConnectAttempts && !cancel.IsCancellationRequested)
            {
                Interlocked.Increment(ref _connectRetries);
                await Task.Delay(100 * attempt, cancel);
            }
        }
    }

    private string Nick(int index) => "b" + Target.RunTag + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
