using System.Buffers.Text;
using System.Text;

namespace Piazza.Server.Irc;

/// <summary>What an AUTHENTICATE line did to the exchange.</summary>
internal enum SaslStep
{
    /// <summary>A chunk of exactly 400 characters: more follows.</summary>
    NeedMore,

    /// <summary>The payload is whole (<see cref="IrcSaslExchange.TryReadPlain"/> or <see cref="IrcSaslExchange.TryTakePayload"/> reads it).</summary>
    Complete,

    /// <summary>One chunk over 400 characters: 905, the exchange ends.</summary>
    ChunkTooLong,

    /// <summary>The chunks add up to more than any payload may be: 904, the exchange ends.</summary>
    PayloadTooLong,
}

/// <summary>
/// One client's SASL exchange in progress (https://ircv3.net/specs/extensions/sasl-3.1), its
/// mechanism and the payload being gathered:
/// <code>
///   C: AUTHENTICATE PLAIN | SCRAM-SHA-256          S: AUTHENTICATE +
///   C: AUTHENTICATE &lt;base64, in chunks of 400; a chunk of 400 means more follows;
///                   "+" alone ends a payload that filled its last chunk, or is an empty one&gt;
///   PLAIN's payload = base64( authzid NUL authcid NUL password )     ; authzid empty or = authcid
///   SCRAM's payloads: one per client message (<see cref="ScramServerExchange"/>), the same chunking
/// </code>
/// Bounded: the chunks are kept until the payload is whole, at most <see cref="MaxPayloadChars"/>.
/// </summary>
/// <remarks>Threads: the session's read loop only.</remarks>
internal sealed class IrcSaslExchange
{
    /// <summary>The most characters one AUTHENTICATE chunk may have.</summary>
    public const int ChunkChars = 400;

    /// <summary>
    /// The most base64 characters a payload may add up to: room for two names and the longest
    /// password (1,024 characters of up to 4 UTF-8 bytes each), so more can only be abuse.
    /// </summary>
    public const int MaxPayloadChars = 6_000;

    private readonly StringBuilder _payload = new();

    /// <summary>True while a mechanism has been chosen and the exchange has not ended.</summary>
    public bool InProgress { get; private set; }

    /// <summary>The mechanism chosen (PLAIN or SCRAM-SHA-256), as the server spells it.</summary>
    public string Mechanism { get; private set; } = "PLAIN";

    /// <summary>AUTHENTICATE &lt;mechanism&gt;: an exchange starts (a new one replaces any in progress).</summary>
    public void Start(string mechanism)
    {
        _payload.Clear();
        Mechanism = mechanism;
        InProgress = true;
    }

    /// <summary>Ends the exchange (done, failed or aborted) and forgets what it held.</summary>
    public void End()
    {
        _payload.Clear();
        InProgress = false;
    }

    /// <summary>Takes one AUTHENTICATE chunk ("+" for an empty one).</summary>
    public SaslStep Add(string chunk)
    {
        if (chunk.Length > ChunkChars)
        {
            End();
            return SaslStep.ChunkTooLong;
        }

        if (chunk != "+")
        {
            if (_payload.Length + chunk.Length > MaxPayloadChars)
            {
                End();
                return SaslStep.PayloadTooLong;
            }

            _payload.Append(chunk);
        }

        return chunk.Length == ChunkChars ? SaslStep.NeedMore : SaslStep.Complete;
    }

    /// <summary>
    /// Reads the whole payload as PLAIN's fields; false when it is not base64, not UTF-8, not
    /// three NUL-separated fields, or names an authorization identity other than the account.
    /// Never throws. Ends the exchange either way.
    /// </summary>
    public bool TryReadPlain(out string account, out string password)
    {
        account = string.Empty;
        password = string.Empty;
        var ok = TryTakePayload(out var decoded);
        End();
        if (!ok)
        {
            return false;
        }

        var fields = decoded.Split('\0');
        if (fields.Length != 3 || fields[1].Length == 0 || fields[2].Length == 0
            || (fields[0].Length > 0 && !Core.NickName.Comparer.Equals(fields[0], fields[1])))
        {
            return false;
        }

        (account, password) = (fields[1], fields[2]);
        return true;
    }

    /// <summary>
    /// Takes the whole payload as UTF-8 text ("" for "+") and empties the buffer for the next one;
    /// the exchange goes on. False when it is not base64 or not UTF-8. Never throws.
    /// </summary>
    public bool TryTakePayload(out string decoded)
    {
        decoded = string.Empty;
        var text = _payload.ToString();
        _payload.Clear();
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (Base64.DecodeFromUtf8(Encoding.ASCII.GetBytes(text), bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>
    /// A server message as AUTHENTICATE arguments: base64 in chunks of 400, then "+" when the last
    /// chunk was exactly 400 long or the message is empty.
    /// </summary>
    public static IEnumerable<string> Chunks(string message)
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(message));
        for (var at = 0; at < payload.Length; at += ChunkChars)
        {
            yield return payload.Substring(at, Math.Min(ChunkChars, payload.Length - at));
        }

        if (payload.Length % ChunkChars == 0)
        {
            yield return "+";
        }
    }
}
