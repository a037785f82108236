using System.Buffers.Text;
using System.Text;

namespace Piazza.Server.Irc;

/// <summary>What an AUTHENTICATE line did to the exchange.</summary>
internal enum SaslStep
{
    /// <summary>A chunk of exactly 400 characters: more follows.</summary>
    NeedMore,

    /// <summary>The payload is whole (<see cref="IrcSaslExchange.TryReadPlain"/> reads it).</summary>
    Complete,

    /// <summary>One chunk over 400 characters: 905, the exchange ends.</summary>
    ChunkTooLong,

    /// <summary>The chunks add up to more than any PLAIN payload may be: 904, the exchange ends.</summary>
    PayloadTooLong,
}

/// <summary>
/// One client's SASL PLAIN exchange in progress (https://ircv3.net/specs/extensions/sasl-3.1):
/// <code>
///   C: AUTHENTICATE PLAIN          S: AUTHENTICATE +
///   C: AUTHENTICATE &lt;base64, in chunks of 400; a chunk of 400 means more follows;
///                   "+" alone ends a payload that filled its last chunk, or is an empty one&gt;
///   payload = base64( authzid NUL authcid NUL password )     ; authzid empty or = authcid
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

    /// <summary>True while a mechanism has been chosen and its payload is not whole yet.</summary>
    public bool InProgress { get; private set; }

    /// <summary>AUTHENTICATE PLAIN: an exchange starts (a new one replaces any in progress).</summary>
    public void Start()
    {
        _payload.Clear();
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
        var text = _payload.ToString();
        End();
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (Base64.DecodeFromUtf8(Encoding.ASCII.GetBytes(text), bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
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
}
