using System.Buffers;
using System.Net.Sockets;

using Microsoft.AspNetCore.Connections;

using Piazza.Server.Transport;

namespace Piazza.Server.Sessions.Output;

/// <summary>
/// A batch sent on the connection's socket directly, from the writer's own thread: the messages
/// are copied into one pooled buffer (up to <see cref="ChunkBytes"/>) and sent with one
/// <c>send</c>. Kestrel's output pipe is left empty, so there is no second copy into its
/// blocks and no hop to its I/O thread per flush (docs/benchmarks.md, "The send path").
/// </summary>
/// <remarks>
/// The transport still owns the socket: its read side, its close, its abort. Nothing else writes
/// to this connection (refusals are written before a session exists), so the output pipe stays
/// unused until <see cref="CompleteAsync"/> completes it, which is Kestrel's transport's signal
/// to shut the socket down once our last send has returned (ours, <see cref="ChatSocketConnection"/>,
/// is told directly). An abort disposes the socket; a send pending then fails with a
/// <see cref="SocketException"/>, a transport fault like a reset.
/// </remarks>
internal sealed class SocketBatchOutput(Socket socket, ConnectionContext connection) : BatchOutput
{
    /// <summary>The most bytes copied for one send; a larger batch goes in several.</summary>
    private const int ChunkBytes = 64 * 1024;

    /// <inheritdoc/>
    public override async ValueTask<bool> WriteAsync(ReadOnlyMemory<byte>[] batch, int count)
    {
        var next = 0;
        while (next < count)
        {
            var size = batch[next].Length;
            var end = next + 1;
            while (end < count && size + batch[end].Length <= ChunkBytes)
            {
                size += batch[end].Length;
                end++;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                var at = 0;
                for (; next < end; next++)
                {
                    batch[next].Span.CopyTo(buffer.AsSpan(at));
                    at += batch[next].Length;
                }

                await SocketSendOperation.SendAsync(socket, buffer, size);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override ValueTask CompleteAsync() => connection is ChatSocketConnection own
        ? own.CompleteOutputAsync()
        : connection.Transport.Output.CompleteAsync();
}
