namespace Piazza.Server.Irc;

/// <summary>SCRAM-SHA-256's payloads, one AUTHENTICATE message at a time (<see cref="ScramServerExchange"/>).</summary>
internal sealed partial class IrcAccountCommands
{
    /// <summary>A whole SCRAM payload: answer it (server-first, server-final) or end the exchange (900 903 | 904).</summary>
    private async ValueTask ContinueScramAsync()
    {
        var step = _sasl.TryTakePayload(out var message) && _scram is not null
            ? await _scram.TakeAsync(message, Hub, session.Host, Who)
            : ScramStep.Failed;
        if (step.Reply is { } reply)
        {
            foreach (var chunk in IrcSaslExchange.Chunks(reply))
            {
                context.ServerReply("AUTHENTICATE", chunk);
            }
        }

        if (step.Done)
        {
            _sasl.End();
            _scram = null;
            Conclude(step.Login!);
        }
    }
}
