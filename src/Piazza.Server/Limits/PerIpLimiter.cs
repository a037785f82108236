using System.Net;

using Microsoft.Extensions.Options;

namespace Piazza.Server.Limits;

/// <summary>
/// The per-IP table: how many connections each address (<see cref="IpNetworks.GroupOf"/>) has
/// open, and how many it opened in its current window. One instance serves every chat listener.
/// </summary>
/// <remarks>
/// One lock guards the whole table; it is taken twice per connection (admit, release), for a
/// dictionary lookup and a few integer updates, and occasionally for a sweep, never across I/O.
/// An entry lives while its address has a connection open or its window runs; a sweep, at most
/// once per window (or when the table reaches <see cref="MaxTrackedAddresses"/>), removes the
/// rest. Past that bound even after a sweep (a spray from many /64s), idle entries are dropped
/// early, which only forgets their windows: entries with open connections are never more than
/// the server's connections.
/// </remarks>
internal sealed class PerIpLimiter
{
    /// <summary>Entries beyond which the table sweeps early (about 100 bytes each).</summary>
    internal const int MaxTrackedAddresses = 65_536;

    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, Entry> _entries = [];
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IPNetwork> _exempt;
    private readonly int _maxOpen;
    private readonly int _maxNew;
    private readonly int _windowSeconds;
    private readonly TimeSpan _window;
    private long _lastSweep;
    private long _refusals;

    public PerIpLimiter(IOptions<LimitsOptions> options, TimeProvider time)
    {
        var limits = options.Value;
        _time = time;
        _exempt = IpNetworks.ParseAll(limits.ExemptEntries);
        _maxOpen = limits.MaxConnectionsPerIp;
        _maxNew = limits.MaxNewConnectionsPerIp;
        _windowSeconds = limits.NewConnectionWindowSeconds;
        _window = TimeSpan.FromSeconds(limits.NewConnectionWindowSeconds);
        _lastSweep = time.GetTimestamp();
    }

    /// <summary>Raised after a connection's slot is given back (tests wait on it), outside the lock.</summary>
    public event Action<IPAddress>? Released;

    /// <summary>Connections refused since start because their address was over a limit (open or new per window), for <c>/metrics</c>.</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>Addresses tracked now (with connections open or a window running).</summary>
    public int TrackedAddresses
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Connections open now from <paramref name="address"/>'s group (0 for an exempt or unknown one).</summary>
    public int OpenFrom(IPAddress address)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(IpNetworks.GroupOf(address), out var entry) ? entry.Open : 0;
        }
    }

    /// <summary>True when <paramref name="address"/> is in <see cref="LimitsOptions.Exempt"/>.</summary>
    public bool IsExempt(IPAddress address) => IpNetworks.IsIn(IpNetworks.Unmapped(address), _exempt);

    /// <summary>
    /// Admits a new connection from <paramref name="address"/>, or says why not. When admitted,
    /// <paramref name="group"/> is what to give to <see cref="Release"/> when it closes (null for
    /// an exempt address, which is not counted).
    /// </summary>
    public bool TryAdmit(IPAddress address, out IPAddress? group, out PerIpRefusal refusal)
    {
        refusal = default;
        group = null;
        if (IsExempt(address))
        {
            return true;
        }

        var key = IpNetworks.GroupOf(address);
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            SweepIfDue(now);
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry { WindowStart = now };
                _entries.Add(key, entry);
            }
            else if (_time.GetElapsedTime(entry.WindowStart, now) >= _window)
            {
                entry.WindowStart = now;
                entry.NewInWindow = 0;
                entry.RefusedInRow = 0;
            }

            if (entry.Open >= _maxOpen)
            {
                refusal = new PerIpRefusal(PerIpLimit.Concurrent, _maxOpen, _windowSeconds, TimeSpan.Zero, ++entry.RefusedInRow == 1);
                _refusals++;
                return false;
            }

            if (entry.NewInWindow >= _maxNew)
            {
                var retryAfter = _window - _time.GetElapsedTime(entry.WindowStart, now);
                refusal = new PerIpRefusal(PerIpLimit.Rate, _maxNew, _windowSeconds, retryAfter, ++entry.RefusedInRow == 1);
                _refusals++;
                return false;
            }

            entry.Open++;
            entry.NewInWindow++;
            entry.RefusedInRow = 0;
        }

        group = key;
        return true;
    }

    /// <summary>Gives back the slot of a connection admitted by <see cref="TryAdmit"/>.</summary>
    public void Release(IPAddress group)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(group, out var entry) && --entry.Open == 0
                && _time.GetElapsedTime(entry.WindowStart) >= _window)
            {
                _entries.Remove(group);
            }
        }

        Released?.Invoke(group);
    }

    /// <summary>Removes idle entries whose window is over; under the lock.</summary>
    private void SweepIfDue(long now)
    {
        if (_entries.Count < MaxTrackedAddresses && _time.GetElapsedTime(_lastSweep, now) < _window)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (address, entry) in _entries)
        {
            if (entry.Open == 0 && _time.GetElapsedTime(entry.WindowStart, now) >= _window)
            {
                _entries.Remove(address);
            }
        }

        if (_entries.Count >= MaxTrackedAddresses)
        {
            foreach (var (address, entry) in _entries)
            {
                if (entry.Open == 0)
                {
                    _entries.Remove(address);
                }
            }
        }
    }

    /// <summary>One address's counts; touched only under the table's lock.</summary>
    private sealed class Entry
    {
        public int Open;
        public int NewInWindow;
        public int RefusedInRow;
        public long WindowStart;
    }
}
