using System.Text;

using Piazza.Protocol.Irc;
using Piazza.Server.Irc;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>How replies are written: addressed to the nick, echoes made safe, FAIL or NOTICE by the client's caps, labels.</summary>
public sealed class IrcRepliesTests
{
    private readonly List<string> _sent = [];
    private readonly IrcCapabilitySet _caps = new(historyOn: false);
    private readonly IrcReplies _replies;
    private string _nick = "*";

    public IrcRepliesTests() =>
        _replies = new IrcReplies("irc.test", _caps, bytes => _sent.Add(Encoding.UTF8.GetString(bytes).TrimEnd('\r', '\n')), () => _nick);

    [Fact]
    public void A_numeric_goes_to_the_nick_of_the_moment_with_echoed_control_characters_replaced()
    {
        _replies.Numeric(IrcNumerics.ErrNoSuchNick, "b\u0007d", "No such nick/channel");
        _nick = "ann";
        _replies.Numeric(IrcNumerics.RplTopic, "#d\u0002en", "\u0002bold\u0002 topic");

        Assert.Equal(
            [
                $":irc.test {IrcNumerics.ErrNoSuchNick} * b\uFFFDd :No such nick/channel",
                $":irc.test {IrcNumerics.RplTopic} ann #d\uFFFDen :\u0002bold\u0002 topic",
            ],
            _sent);
    }

    [Fact]
    public void A_refusal_is_a_notice_unless_the_client_asked_for_standard_replies()
    {
        _nick = "ann";
        _replies.Fail("TOPIC", "TOO_LONG", [], "too long");
        Assert.True(_caps.TryRequest("standard-replies"));
        _replies.Fail("CHATHISTORY", "INVALID_TARGET", ["LATEST", "#x"], "no");

        Assert.Equal([":irc.test NOTICE ann :TOPIC: too long", ":irc.test FAIL CHATHISTORY INVALID_TARGET LATEST #x no"], _sent);
    }

    [Fact]
    public void A_labelled_command_s_replies_are_held_and_labelled_only_with_labeled_response()
    {
        var labelled = RecordingContext.Parse("@label=L1 PING x");
        _replies.BeginCommand(labelled);
        _replies.ServerReply("PONG", "irc.test", "x");
        _replies.EndCommand();

        Assert.True(_caps.TryRequest("labeled-response"));
        _replies.BeginCommand(labelled);
        _replies.ServerReply("PONG", "irc.test", "x");
        Assert.Single(_sent);
        _replies.EndCommand();

        Assert.Equal([":irc.test PONG irc.test x", "@label=L1 :irc.test PONG irc.test x"], _sent);
    }
}
