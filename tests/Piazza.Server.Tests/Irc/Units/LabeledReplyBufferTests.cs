using System.Text;

using Piazza.Protocol.Irc;
using Piazza.Server.Irc;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>labeled-response buffering (https://ircv3.net/specs/extensions/labeled-response), without a session or a socket.</summary>
public sealed class LabeledReplyBufferTests
{
    private readonly List<string> _sent = [];
    private readonly LabeledReplyBuffer _buffer;

    public LabeledReplyBufferTests() =>
        _buffer = new LabeledReplyBuffer("irc.test", bytes => _sent.Add(Encoding.UTF8.GetString(bytes).TrimEnd('\r', '\n')));

    [Fact]
    public void Without_a_label_a_reply_goes_at_once_and_the_end_sends_nothing()
    {
        _buffer.Begin(null);
        _buffer.Reply(Pong("a"));
        Assert.Equal([":irc.test PONG a"], _sent);

        _buffer.End(batch: true);

        Assert.Single(_sent);
        Assert.False(_buffer.IsHolding);
    }

    [Fact]
    public void A_labelled_command_without_replies_is_acknowledged()
    {
        _buffer.Begin("x1");
        _buffer.End(batch: true);

        Assert.Equal(["@label=x1 :irc.test ACK"], _sent);
    }

    [Fact]
    public void One_reply_is_held_until_the_end_and_carries_the_label()
    {
        _buffer.Begin("x1");
        _buffer.Reply(Pong("a"));
        Assert.True(_buffer.IsHolding);
        Assert.Empty(_sent);

        _buffer.End(batch: true);

        Assert.Equal(["@label=x1 :irc.test PONG a"], _sent);
    }

    [Fact]
    public void Several_replies_come_in_a_labeled_response_batch()
    {
        _buffer.Begin("x1");
        _buffer.Reply(Pong("a"));
        _buffer.Reply(Pong("b"));
        _buffer.End(batch: true);

        Assert.Equal(
            ["@label=x1 :irc.test BATCH +L1 labeled-response", "@batch=L1 :irc.test PONG a", "@batch=L1 :irc.test PONG b", ":irc.test BATCH -L1"],
            _sent);
    }

    [Fact]
    public void Without_the_batch_cap_only_the_first_of_several_replies_is_labelled()
    {
        _buffer.Begin("x1");
        _buffer.Reply(Pong("a"));
        _buffer.Reply(Pong("b"));
        _buffer.End(batch: false);

        Assert.Equal(["@label=x1 :irc.test PONG a", ":irc.test PONG b"], _sent);
    }

    [Fact]
    public void A_label_is_escaped_and_the_next_command_starts_empty()
    {
        _buffer.Begin("a b;c");
        _buffer.Reply(Pong("a"));
        _buffer.End(batch: true);
        _buffer.Begin(null);
        _buffer.Reply(Pong("b"));

        Assert.Equal([@"@label=a\sb\:c :irc.test PONG a", ":irc.test PONG b"], _sent);
    }

    [Fact]
    public void Batch_references_count_across_kinds()
    {
        Assert.Equal("H1", _buffer.NextBatchReference('H'));
        _buffer.Begin("x");
        _buffer.Reply(Pong("a"));
        _buffer.Reply(Pong("b"));
        _buffer.End(batch: true);

        Assert.StartsWith("@label=x :irc.test BATCH +L2 ", _sent[0], StringComparison.Ordinal);
        Assert.Equal("H3", _buffer.NextBatchReference('H'));
    }

    [Theory]
    [InlineData("@label=abc PING x", "abc")]
    [InlineData("PING x", null)]
    [InlineData("@label= PING x", null)]
    [InlineData("@other=1 PING x", null)]
    public void A_label_is_read_from_the_tags_when_present_and_not_empty(string line, string? label)
    {
        Assert.Equal(IrcParseStatus.Ok, IrcParser.TryParse(Encoding.UTF8.GetBytes(line), out var message));

        Assert.Equal(label, LabeledReplyBuffer.LabelOf(message!));
    }

    [Fact]
    public void A_label_longer_than_the_limit_is_ignored()
    {
        var longest = new string('a', LabeledReplyBuffer.MaxLabelLength);
        IrcParser.TryParse(Encoding.UTF8.GetBytes($"@label={longest}a PING x"), out var tooLong);
        IrcParser.TryParse(Encoding.UTF8.GetBytes($"@label={longest} PING x"), out var fits);

        Assert.Null(LabeledReplyBuffer.LabelOf(tooLong!));
        Assert.Equal(longest, LabeledReplyBuffer.LabelOf(fits!));
    }

    private static Func<string?, byte[]> Pong(string text) => tags => IrcWriter.Format(tags, "irc.test", "PONG", [text]);
}
