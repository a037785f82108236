namespace Piazza.Server.Sessions;

/// <summary>Why the server disconnects a client against its will; each protocol words it for the client.</summary>
internal enum CutReason
{
    /// <summary>It kept sending faster than flood control lets it (others see "Excess Flood").</summary>
    ExcessFlood,

    /// <summary>It stopped reading and its send queue filled (others see "send queue exceeded").</summary>
    SendQueueExceeded,

    /// <summary>A command handler threw: a bug in the server, logged at Error (others see "internal error").</summary>
    InternalError,
}
