using System.Globalization;

using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// The replies to one command, held while it runs when the client labelled it, and sent when it
/// ends under the label (https://ircv3.net/specs/extensions/labeled-response):
/// <code>
///   no reply      @label=L :server ACK
///   one reply     @label=L reply
///   several       @label=L :server BATCH +ref labeled-response
///                 @batch=ref reply …
///                 :server BATCH -ref
///   several, no batch cap: the first reply carries the label, the rest go as they are
/// </code>
/// Unlabelled commands' replies go straight to the send queue. A reply is a function of the
/// extra tags (a label, a batch) to put on it, so it is formatted once, with them, when sent.
/// </summary>
/// <remarks>
/// Threads: the session's read loop only (a command and its replies run there, also across the
/// awaits of an async handler), so no lock. Events delivered by others never pass through here:
/// they are queued directly, and may land between a command's held replies and their sending.
/// </remarks>
internal sealed class LabeledReplyBuffer
{
    /// <summary>The longest label accepted; a longer one is ignored (the replies go unlabelled).</summary>
    public const int MaxLabelLength = 64;

    private readonly string _serverName;
    private readonly Action<byte[]> _send;
    private string? _label;
    private List<Func<string?, byte[]>>? _held;
    private int _nextBatch;

    /// <summary>A buffer whose lines go to <paramref name="send"/> (the session's send queue).</summary>
    public LabeledReplyBuffer(string serverName, Action<byte[]> send)
    {
        _serverName = serverName;
        _send = send;
    }

    /// <summary>Whether a labelled command is running, so replies are held.</summary>
    public bool IsHolding => _label is not null;

    /// <summary>The label a command carries, or null when it has none or one too long (or empty) to echo.</summary>
    public static string? LabelOf(IrcMessage message) =>
        message.Tags.TryGetValue("label", out var label) && label.Length is > 0 and <= MaxLabelLength ? label : null;

    /// <summary>Starts a command: replies are held under <paramref name="label"/>, or sent at once when null.</summary>
    public void Begin(string? label) => _label = label;

    /// <summary>
    /// Takes the running command's label and holds nothing more under it: the command ends with
    /// no ACK (a multiline batch's opening line; its label goes on the echo when it closes).
    /// Only before the command replied.
    /// </summary>
    public string? TakeLabel()
    {
        var label = _label;
        _label = null;
        return label;
    }

    /// <summary>Sends a reply now, or holds it until <see cref="End"/> when the command is labelled.</summary>
    public void Reply(Func<string?, byte[]> line)
    {
        if (_label is null)
        {
            _send(line(null));
        }
        else
        {
            (_held ??= []).Add(line);
        }
    }

    /// <summary>Ends a command: sends what was held under its label, in a batch when there are several and <paramref name="batch"/> (the client has the batch cap).</summary>
    public void End(bool batch)
    {
        if (_label is not { } label)
        {
            return;
        }

        _label = null;
        var lines = _held;
        _held = null;
        var labelTag = "label=" + IrcTagEscaping.Escape(label);
        if (lines is null || lines.Count == 0)
        {
            _send(IrcWriter.Format(labelTag, _serverName, "ACK", []));
        }
        else if (lines.Count == 1 || !batch)
        {
            _send(lines[0](labelTag));
            foreach (var line in lines.Skip(1))
            {
                _send(line(null));
            }
        }
        else
        {
            var reference = NextBatchReference('L');
            _send(IrcWriter.Format(labelTag, _serverName, "BATCH", ["+" + reference, "labeled-response"]));
            foreach (var line in lines)
            {
                _send(line("batch=" + reference));
            }

            _send(IrcWriter.Format(null, _serverName, "BATCH", ["-" + reference]));
        }
    }

    /// <summary>
    /// A batch reference not used before on this connection: <paramref name="kind"/> (L for a
    /// labelled reply, H for history) and a number counted across every kind, as before the split.
    /// </summary>
    public string NextBatchReference(char kind) => kind + (++_nextBatch).ToString(CultureInfo.InvariantCulture);
}
