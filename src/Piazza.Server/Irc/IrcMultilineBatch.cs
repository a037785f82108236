using System.Text;

using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// The multiline batch a client is sending (https://ircv3.net/specs/extensions/multiline):
/// opened by <c>BATCH +ref draft/multiline target</c>, filled by <c>@batch=ref PRIVMSG target :line</c>,
/// closed by <c>BATCH -ref</c>. Bounded by <see cref="MaxLines"/> and <see cref="MaxBytes"/>
/// (advertised in the cap's value), so an open batch holds at most a few KiB.
/// </summary>
/// <remarks>
/// Threads: the session's read loop only. After a refusal the batch is dropped, and its further
/// lines are ignored until its <c>BATCH -ref</c>, so one mistake gets one FAIL, not one per line.
/// </remarks>
internal sealed class IrcMultilineBatch
{
    /// <summary>The most lines one batch may hold.</summary>
    public const int MaxLines = 32;

    /// <summary>The most bytes of text (UTF-8, line breaks not counted) one batch may hold.</summary>
    public const int MaxBytes = 4096;

    /// <summary>The tag that joins a line to the one before without a line break.</summary>
    public const string ConcatTag = "draft/multiline-concat";

    private readonly List<MessageLine> _lines = [];
    private string? _reference;
    private string? _discarding;
    private int _bytes;

    /// <summary>The open batch's target (a channel or a nick).</summary>
    public string Target { get; private set; } = string.Empty;

    /// <summary>The open batch's command, PRIVMSG or NOTICE, once its first line came.</summary>
    public string? Command { get; private set; }

    /// <summary>The label of the BATCH + that opened it (labeled-response), for the echo when it closes.</summary>
    public string? Label { get; private set; }

    /// <summary>Whether a batch is open.</summary>
    public bool IsOpen => _reference is not null;

    /// <summary>The lines so far.</summary>
    public IReadOnlyList<MessageLine> Lines => _lines;

    /// <summary>Opens a batch; false (and nothing changes) when one is open already.</summary>
    public bool Open(string reference, string target, string? label)
    {
        if (IsOpen)
        {
            return false;
        }

        (_reference, _discarding, Target, Label, Command, _bytes) = (reference, null, target, label, null, 0);
        _lines.Clear();
        return true;
    }

    /// <summary>Whether <paramref name="reference"/> names the batch that was dropped after a refusal.</summary>
    public bool IsDiscarded(string reference) => string.Equals(_discarding, reference, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="reference"/> names the open batch.</summary>
    public bool IsOpenAs(string reference) => string.Equals(_reference, reference, StringComparison.Ordinal);

    /// <summary>
    /// Adds a line; returns the FAIL code and its context when the line is refused (the batch is
    /// then dropped), or null.
    /// </summary>
    public (string Code, string[] Context, string Description)? Add(IrcMessage message)
    {
        var text = message.Parameters.Count > 1 ? message.Parameters[1] : string.Empty;
        var concat = message.Tags.ContainsKey(ConcatTag);
        if (message.Command is not ("PRIVMSG" or "NOTICE") || (Command is not null && Command != message.Command))
        {
            return Drop("MULTILINE_INVALID", [], "A multiline batch holds PRIVMSG or NOTICE lines, all the same command");
        }

        if (message.Parameters.Count == 0 || !string.Equals(message.Parameters[0], Target, StringComparison.OrdinalIgnoreCase))
        {
            return Drop("MULTILINE_INVALID", [], "Every line of a multiline batch goes to the batch's target");
        }

        if (concat && text.Length == 0)
        {
            return Drop("MULTILINE_INVALID", [], "A blank line cannot be concatenated");
        }

        if (_lines.Count == MaxLines)
        {
            return Drop("MULTILINE_MAX_LINES", [MaxLines.ToString(System.Globalization.CultureInfo.InvariantCulture)], $"A multiline batch holds at most {MaxLines} lines");
        }

        _bytes += Encoding.UTF8.GetByteCount(text);
        if (_bytes > MaxBytes)
        {
            return Drop("MULTILINE_MAX_BYTES", [MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)], $"A multiline batch holds at most {MaxBytes} bytes of text");
        }

        Command = message.Command;
        _lines.Add(new MessageLine(text, concat && _lines.Count > 0));
        return null;
    }

    /// <summary>Drops the open batch after a refusal: its further lines are ignored until its end.</summary>
    public (string Code, string[] Context, string Description) Drop(string code, string[] context, string description)
    {
        _discarding = _reference;
        Reset();
        return (code, context, description);
    }

    /// <summary>Ends the open batch, or forgets a dropped one.</summary>
    public void Close()
    {
        _discarding = null;
        Reset();
    }

    private void Reset()
    {
        _reference = null;
        _lines.Clear();
        _bytes = 0;
        Command = null;
        Label = null;
    }
}
