using System.Net;
using System.Net.Sockets;

namespace Piazza.Server.Transport;

/// <summary>
/// The pace of one listener's accept loop through trouble: a failed accept, or a client that
/// reached the <see cref="DescriptorReserve"/> (closed at once), makes the next accept wait
/// (<see cref="FirstBackoff"/>, doubling up to <see cref="MaxBackoff"/>; short of descriptors, until
/// a probe finds room below the reserve), so that trouble that repeats neither ends accepting nor
/// spins a core, and clients wait in the listen backlog meanwhile. It tells a spell of trouble once
/// when it starts (per kind: the reserve reached, an accept error) and once when it is over: at the
/// first client handed on after <see cref="QuietToEnd"/> without trouble (a crowd that leaves makes
/// room a few descriptors at a time and the backlog fills them, so the reserve is reached and left
/// many times within one spell); nothing per try.
/// </summary>
/// <remarks>
/// Not thread-safe: its listener's accept loop is its only caller, and Kestrel's dispatcher calls
/// that loop one accept at a time.
/// </remarks>
internal sealed partial class AcceptPacing(EndPoint listener, DescriptorReserve reserve, int kept, TimeProvider time, ILogger logger)
{
    /// <summary>The first wait after a failed or refused accept.</summary>
    internal static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest wait between two tries.</summary>
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    /// <summary>How long accepting must go without trouble for a spell to be over (and said so).</summary>
    internal static readonly TimeSpan QuietToEnd = TimeSpan.FromSeconds(10);

    private Spell? _spell;

    /// <summary>Whether trouble came since the last client handed on: the next accept waits first (<see cref="WaitAsync"/>).</summary>
    public bool MustWait => _spell is { Waiting: true };

    /// <summary>Whether a client just accepted on <paramref name="socket"/> reached the reserve (then <see cref="Refused"/> it).</summary>
    public bool Reaches(Socket socket, out long descriptor) => reserve.Reaches(socket, kept, out descriptor);

    /// <summary>An accept failed with something other than a client gone (which is simply skipped).</summary>
    public void Failed(SocketException ex)
    {
        // EMFILE or ENFILE (.NET reports both as TooManyOpenSockets): wait for a descriptor, as for the reserve.
        var outOfDescriptors = ex.SocketErrorCode == SocketError.TooManyOpenSockets;
        var spell = Trouble(waitForDescriptors: outOfDescriptors);
        spell.Failed++;
        if (spell.ToldError)
        {
            return;
        }

        spell.ToldError = true;
        if (outOfDescriptors)
        {
            var limit = reserve.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
            LogOutOfDescriptors(logger, listener, limit);
        }
        else
        {
            LogAcceptFailing(logger, listener, ex.SocketErrorCode, ex.Message);
        }
    }

    /// <summary>A client on a descriptor in the reserve was closed at once: no more until there is room.</summary>
    public void Refused(long descriptor)
    {
        var spell = Trouble(waitForDescriptors: true);
        spell.Refused++;
        if (!spell.ToldReserve)
        {
            spell.ToldReserve = true;
            var limit = reserve.Limit ?? 0;
            LogReserveReached(logger, listener, descriptor, limit, kept);
        }
    }

    /// <summary>A client is handed on: the next trouble waits the shortest time again, and a spell quiet long enough is over.</summary>
    public void HandedOn()
    {
        if (_spell is not { } spell)
        {
            return;
        }

        spell.ResetBackoff();
        if (time.GetElapsedTime(spell.LastTrouble) >= QuietToEnd)
        {
            _spell = null;
            var seconds = time.GetElapsedTime(spell.Since).TotalSeconds;
            LogAcceptingAgain(logger, listener, QuietToEnd.TotalSeconds, seconds, spell.Refused, spell.Failed);
        }
    }

    /// <summary>
    /// Waits before the next try (and, short of descriptors, until the next one taken would be
    /// below the reserve, probing after each wait). False once <paramref name="unbound"/> is
    /// cancelled; <paramref name="cancellationToken"/> (the caller's) throws.
    /// </summary>
    public async ValueTask<bool> WaitAsync(CancellationToken unbound, CancellationToken cancellationToken)
    {
        var spell = _spell!;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, unbound);
        while (true)
        {
            try
            {
                await Task.Delay(spell.NextBackoff(), time, stop.Token);
            }
            catch (OperationCanceledException) when (unbound.IsCancellationRequested)
            {
                return false;
            }

            if (!spell.WaitsForDescriptors || reserve.HasRoom(kept))
            {
                // The quiet that ends the spell counts from now: not while it waited.
                spell.Waiting = false;
                spell.LastTrouble = time.GetTimestamp();
                return true;
            }
        }
    }

    /// <summary>The spell this trouble starts or belongs to, marked to wait before the next try.</summary>
    private Spell Trouble(bool waitForDescriptors)
    {
        var now = time.GetTimestamp();
        var spell = _spell ??= new Spell(now);
        spell.LastTrouble = now;
        spell.Waiting = true;
        spell.WaitsForDescriptors = waitForDescriptors;
        return spell;
    }

    [LoggerMessage(EventId = 190, EventName = "DescriptorReserveReached", Level = LogLevel.Warning,
        Message = "{Listener} stops accepting: a new client took file descriptor {Descriptor} of the process's limit of {Limit} open files, "
            + "and the last {Reserved} are kept for the runtime (Listen:ReservedFileDescriptors); that client is closed, and the next wait "
            + "in the listen backlog until descriptors are free. Raise the limit (ulimit -n, systemd's LimitNOFILE=) for more clients")]
    private static partial void LogReserveReached(ILogger logger, EndPoint listener, long descriptor, long limit, int reserved);

    [LoggerMessage(EventId = 191, EventName = "AcceptOutOfDescriptors", Level = LogLevel.Warning,
        Message = "{Listener} cannot accept: out of file descriptors (EMFILE or ENFILE: the process's limit, {Limit}, or the system's); "
            + "clients wait in the listen backlog, and accepting is tried again every second at most until it works")]
    private static partial void LogOutOfDescriptors(ILogger logger, EndPoint listener, string limit);

    [LoggerMessage(EventId = 192, EventName = "AcceptFailing", Level = LogLevel.Warning,
        Message = "{Listener} cannot accept: {Error} ({Reason}); accepting is tried again every second at most until it works")]
    private static partial void LogAcceptFailing(ILogger logger, EndPoint listener, SocketError error, string reason);

    [LoggerMessage(EventId = 193, EventName = "AcceptingAgain", Level = LogLevel.Information,
        Message = "{Listener} has accepted without trouble for {QuietSeconds} s: the trouble that began {Seconds:0} s ago is over "
            + "({Refused} clients closed for the descriptor reserve, {Failed} accepts failed)")]
    private static partial void LogAcceptingAgain(ILogger logger, EndPoint listener, double quietSeconds, double seconds, int refused, int failed);

    /// <summary>A spell of trouble: from the first failed or refused accept to the first client handed on after <see cref="QuietToEnd"/> without any.</summary>
    private sealed class Spell(long since)
    {
        private TimeSpan _backoff;

        public long Since { get; } = since;

        /// <summary>When the last accept failed or was refused, or the wait after it ended.</summary>
        public long LastTrouble { get; set; } = since;

        /// <summary>Whether the next accept waits first.</summary>
        public bool Waiting { get; set; }

        /// <summary>The last trouble was a shortage of descriptors (the reserve reached, EMFILE, ENFILE): wait until there is room, not only the backoff.</summary>
        public bool WaitsForDescriptors { get; set; }

        public int Refused { get; set; }

        public int Failed { get; set; }

        public bool ToldReserve { get; set; }

        public bool ToldError { get; set; }

        public void ResetBackoff() => _backoff = TimeSpan.Zero;

        public TimeSpan NextBackoff()
        {
            _backoff = _backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
            return _backoff;
        }
    }
}
