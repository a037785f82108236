using System.Buffers;
using System.IO.Pipelines;

namespace Piazza.Server.Sessions.Output;

/// <summary>A batch copied into the transport's <see cref="PipeWriter"/> and flushed once (TLS, WebSocket).</summary>
internal sealed class PipeBatchOutput(PipeWriter output) : BatchOutput
{
    /// <inheritdoc/>
    public override async ValueTask<bool> WriteAsync(ReadOnlyMemory<byte>[] batch, int count)
    {
        for (var i = 0; i < count; i++)
        {
            output.Write(batch[i].Span);
        }

        var flush = await output.FlushAsync();
        return !flush.IsCompleted && !flush.IsCanceled;
    }

    /// <inheritdoc/>
    public override ValueTask CompleteAsync() => output.CompleteAsync();
}
