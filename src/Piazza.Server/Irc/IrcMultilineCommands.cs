using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// Multiline messages in (https://ircv3.net/specs/extensions/multiline, the <c>draft/multiline</c>
/// cap): <c>BATCH +ref draft/multiline target</c>, lines tagged <c>batch=ref</c>, <c>BATCH -ref</c>;
/// the closed batch goes to the hub as one message. How it goes out is
/// <see cref="IrcMultilineEncoder"/>'s.
/// </summary>
/// <remarks>
/// Threads: the session's read loop only; the open batch is this family's state. Refusals are
/// always <c>FAIL BATCH …</c>: a client that opens a multiline batch knows the draft, and the
/// draft answers so. A labelled <c>BATCH +</c> gets no ACK: its label goes on the echo of the
/// message when the batch closes.
/// </remarks>
internal sealed class IrcMultilineCommands(IIrcCommandContext context)
{
    /// <summary>The batch type clients open.</summary>
    public const string BatchType = "draft/multiline";

    private readonly IrcMultilineBatch _batch = new();

    /// <summary>The client-only tags of the open batch's <c>BATCH +</c> line: the message's tags.</summary>
    private KeyValuePair<string, string>[] _clientTags = [];

    private ChatHub Hub => context.Hub;

    /// <summary><c>BATCH +ref draft/multiline target</c> or <c>BATCH -ref</c>.</summary>
    public ValueTask BatchAsync(IrcMessage message)
    {
        var reference = message.Parameters[0];
        if (reference.Length < 2 || reference[0] is not ('+' or '-'))
        {
            Fail("MULTILINE_INVALID", [], "A batch reference starts with + or -");
            return default;
        }

        var name = reference[1..];
        if (reference[0] == '+')
        {
            Open(message, name);
        }
        else if (_batch.IsDiscarded(name))
        {
            _batch.Close();
        }
        else if (!_batch.IsOpenAs(name))
        {
            Fail("MULTILINE_INVALID", [], "No batch is open with that reference");
        }
        else
        {
            return Send();
        }

        return default;
    }

    /// <summary>A line tagged <c>batch=ref</c>: a line of the open batch.</summary>
    public ValueTask LineAsync(IrcMessage message)
    {
        var reference = message.Tags["batch"];
        if (_batch.IsDiscarded(reference))
        {
            return default;
        }

        if (!_batch.IsOpenAs(reference))
        {
            Fail(_batch.IsOpen
                ? _batch.Drop("MULTILINE_INVALID", [], "That line names another batch than the open one")
                : ("MULTILINE_INVALID", [], "No batch is open with that reference"));
        }
        else if (_batch.Add(message) is { } refused)
        {
            Fail(refused);
        }

        return default;
    }

    private void Open(IrcMessage message, string name)
    {
        if (!context.Caps.Has(IrcCaps.Multiline) || message.Parameters.Count < 3
            || !string.Equals(message.Parameters[1], BatchType, StringComparison.OrdinalIgnoreCase))
        {
            Fail("MULTILINE_INVALID", [], $"Only {BatchType} batches to one target are accepted, with the {BatchType} capability");
            return;
        }

        if (_batch.IsOpen)
        {
            Fail(_batch.Drop("MULTILINE_INVALID", [], "A multiline batch is open already: both are dropped"));
            return;
        }

        _clientTags = IrcMessageCommands.ClientTags(message, context.Caps);
        _batch.Open(name, message.Parameters[2], context.DeferLabel());
    }

    /// <summary>Sends the closed batch's message; completes once its echo is out (in a cluster, once the message is shown).</summary>
    private ValueTask Send()
    {
        var (target, command, label) = (_batch.Target, _batch.Command, _batch.Label);
        MessageLine[] lines = [.. _batch.Lines];
        var extras = new MessageExtras(_clientTags, OneLine: false);
        _batch.Close();
        if (command is null || lines.All(l => l.Text.Length == 0))
        {
            Fail("MULTILINE_INVALID", [], "A multiline batch needs a line that is not blank");
            return default;
        }

        var notice = command == "NOTICE";
        var style = notice ? MessageStyle.Notice : MessageStyle.Text;
        if (target.StartsWith('#') && Hub.Cluster is not null && IrcChannels.Find(Hub, target) is { } clusterRoom)
        {
            // In a cluster the echo goes as the message is shown, under the batch's label.
            var error = Hub.SendLinesToRoom(context.Member, clusterRoom, lines, style, extras with { ReplyLabel = label }, out var said);
            if (error == ChatError.None)
            {
                return Hub.WhenShownAsync(said!).IsCompleted ? default : IrcMessageCommands.WaitShownAsync(context, Hub, said!);
            }

            context.Relabel(label);
            ErrorUnlessNotice(notice, IrcNumerics.ErrCannotSendToChan, IrcEventEncoder.Channel(clusterRoom), error == ChatError.NotStored ? IrcMessageCommands.NotStoredText : "Cannot send to channel");
            return default;
        }

        if (!target.StartsWith('#'))
        {
            return SendPrivate(target, lines, style, extras with { ReplyLabel = label }, notice);
        }

        context.Relabel(label);
        if (IrcChannels.Find(Hub, target) is not { } room)
        {
            ErrorUnlessNotice(notice, IrcNumerics.ErrNoSuchNick, target, "No such nick/channel");
        }
        else if (Hub.SendLinesToRoom(context.Member, room, lines, style, extras, out var said) == ChatError.None)
        {
            Echo(said!);
        }
        else
        {
            ErrorUnlessNotice(notice, IrcNumerics.ErrCannotSendToChan, IrcEventEncoder.Channel(room), "Cannot send to channel");
        }

        return default;
    }

    /// <summary>
    /// The batch's message to a nick. In a cluster a nick this node does not show is asked of the
    /// cluster first (<see cref="ChatHub.LocateRecipientAsync"/>), and a stored message waits for
    /// its commit: its echo goes then, under the batch's label (<see cref="MessageExtras.ReplyLabel"/>),
    /// and the batch completes once it is out.
    /// </summary>
    private ValueTask SendPrivate(string target, MessageLine[] lines, MessageStyle style, MessageExtras extras, bool notice) =>
        Hub.MustLocate(target) ? SendToLocatedAsync(target, lines, style, extras, notice) : SendPrivate(target, lines, style, extras, notice, located: null);

    private async ValueTask SendToLocatedAsync(string target, MessageLine[] lines, MessageStyle style, MessageExtras extras, bool notice) =>
        await SendPrivate(target, lines, style, extras, notice, await Hub.LocateRecipientAsync(context.Member, target));

    private ValueTask SendPrivate(string target, MessageLine[] lines, MessageStyle style, MessageExtras extras, bool notice, Member? located)
    {
        var error = Hub.SendLinesPrivate(context.Member, target, lines, style, extras, out var other, out var sent, located);
        return IrcMessageCommands.AnswerPrivate(context, Hub, error, target, other, sent, extras.ReplyLabel, notice) is { } held
            ? IrcMessageCommands.WaitShownAsync(context, Hub, held)
            : default;
    }

    private void Echo(ChatEvent said)
    {
        if (context.Caps.Has(IrcCaps.EchoMessage))
        {
            context.Echo(said);
        }
    }

    private void ErrorUnlessNotice(bool notice, string code, params string[] args)
    {
        if (!notice)
        {
            context.Numeric(code, args);
        }
    }

    private void Fail((string Code, string[] Context, string Description) refused) => Fail(refused.Code, refused.Context, refused.Description);

    private void Fail(string code, string[] parameters, string description) =>
        context.ServerReply("FAIL", ["BATCH", code, .. parameters.Select(IrcText.ForEcho), description]);
}
