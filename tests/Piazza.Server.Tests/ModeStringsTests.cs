using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Sessions;
using Piazza.Server.Tests.Infrastructure;

namespace Piazza.Server.Tests;

/// <summary>
/// <see cref="ModeStrings"/>: the hub's mode changes and room modes as the text both protocols
/// show, and Protocol's reading of mode strings agreeing with what the hub applies. No sockets.
/// </summary>
public sealed class ModeStringsTests
{
    [Fact]
    public void A_room_s_modes_show_the_key_only_when_asked_and_the_limit_always()
    {
        var modes = new RoomModes(true, true, true, true, "s3cret", 5);

        Assert.Equal("+iklmnt s3cret 5", ModeStrings.Of(modes, showKey: true));
        Assert.Equal("+iklmnt * 5", ModeStrings.Of(modes, showKey: false));
        Assert.Equal("+k *", ModeStrings.Of(RoomModes.None with { Key = "s3cret" }, showKey: false));
        Assert.Equal("+ln 10", ModeStrings.Of(RoomModes.FromLetters("n") with { Limit = 10 }, showKey: true));
        Assert.Equal("+imnt", ModeStrings.Of(RoomModes.FromLetters("tnmi"), showKey: false));
    }

    [Fact]
    public void A_room_without_modes_shows_a_plus_alone()
    {
        Assert.Equal("+", ModeStrings.Of(RoomModes.None, showKey: true));
    }

    [Fact]
    public void Applied_changes_show_in_compact_form_and_as_mode_parameters()
    {
        ModeChange[] changes = [new(true, 'o', "bob"), new(false, 'v', "alice"), new(false, 'k', "*")];

        Assert.Equal("+o-vk bob alice *", ModeStrings.Format(changes));
        Assert.Equal(["+o-vk", "bob", "alice", "*"], ModeStrings.Parameters(changes));
        Assert.Equal("+o bob", ModeStrings.Format([changes[0]]));
    }

    [Fact]
    public void A_parsed_request_reaches_the_hub_as_typed()
    {
        var request = IrcModeString.Parse("+o-b+l", ["bob", "x!*@*", "5"]);

        Assert.Equal([new ModeChange(true, 'o', "bob"), new ModeChange(false, 'b', "x!*@*"), new ModeChange(true, 'l', "5")], ModeStrings.Changes(request));
    }

    /// <summary>Protocol's letters and the hub's modes are written in two places: they must agree.</summary>
    [Fact]
    public void Every_channel_mode_letter_protocol_reads_is_one_the_hub_applies()
    {
        var hub = new ChatHub(new ChatOptions(), TimeProvider.System);
        var alice = hub.Connect("127.0.0.1:40001", "127.0.0.1", new IgnoringSink());
        hub.Join(alice, "dev", out var room, out _);

        foreach (var letter in IrcModeString.ChannelModeLetters)
        {
            var argument = letter switch
            {
                'b' => "x!*@*",
                'k' => "key",
                'l' => "5",
                'o' or 'v' => alice.Nick,
                _ => null,
            };

            hub.SetModes(alice, room!, [new ModeChange(true, letter, argument)], out var errors, out _);

            Assert.DoesNotContain(errors, e => e.Error == ChatError.UnknownMode);
        }
    }
}
