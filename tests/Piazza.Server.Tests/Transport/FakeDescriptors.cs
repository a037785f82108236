using System.Net.Sockets;
using System.Threading.Channels;

using Piazza.Server.Transport;

namespace Piazza.Server.Tests.Transport;

/// <summary>
/// Descriptor numbers told by the test, for <see cref="DescriptorReserve"/>: which number the
/// next accepted socket has, what the lowest free one is, and the limit. The sockets stay real;
/// only the numbers are made up (this test process's own table is shared with every test that
/// runs beside it, and running it out would end the test run itself). Every probe of the lowest
/// free number is told on <see cref="Probes"/>, so a test can wait for the listener to look.
/// </summary>
internal sealed class FakeDescriptors : ProcessDescriptors
{
    private readonly Lock _gate = new();
    private readonly Channel<long?> _probes = Channel.CreateUnbounded<long?>();
    private long? _limit = 100;
    private long _next = 10;
    private long? _lowestFree = 10;

    /// <summary>The open-file limit (null: unknown).</summary>
    public long? Limit
    {
        set
        {
            lock (_gate)
            {
                _limit = value;
            }
        }
    }

    /// <summary>The number every socket asked about has.</summary>
    public long Next
    {
        set
        {
            lock (_gate)
            {
                _next = value;
            }
        }
    }

    /// <summary>What a probe finds (null: nothing can be opened).</summary>
    public long? LowestFreeNow
    {
        set
        {
            lock (_gate)
            {
                _lowestFree = value;
            }
        }
    }

    /// <summary>Each probe's answer, in order.</summary>
    public ChannelReader<long?> Probes => _probes.Reader;

    public override long? ReadLimit()
    {
        lock (_gate)
        {
            return _limit;
        }
    }

    public override long DescriptorOf(Socket socket)
    {
        lock (_gate)
        {
            return _next;
        }
    }

    public override long? LowestFree()
    {
        long? found;
        lock (_gate)
        {
            found = _lowestFree;
        }

        _probes.Writer.TryWrite(found);
        return found;
    }
}
