namespace Piazza.Bench.Net;

/// <summary>Where a connection's receive loop hands what arrives.</summary>
internal interface ILineSink
{
    /// <summary>
    /// One complete line, without its CR LF, valid only during the call. <paramref name="now"/>
    /// is when the read that completed it returned (Stopwatch ticks), shared by the whole batch.
    /// </summary>
    void OnLine(BenchConnection connection, ReadOnlySpan<byte> line, long now);

    /// <summary>The connection ended: closed by the server (<paramref name="failure"/> null) or failed.</summary>
    void OnClosed(BenchConnection connection, Exception? failure);
}
