using Piazza.Core;
using Piazza.Server.Hosting;
using Piazza.Server.Irc;
using Piazza.Server.Tests.Infrastructure;

namespace Piazza.Server.Tests;

/// <summary>
/// The wire formats' encoders: each holds its own cache slot, and every kind of event encodes to
/// something in every format and variant, so no event silently vanishes for one protocol's users.
/// </summary>
public sealed class EventEncoderTests
{
    public static TheoryData<ChatEventKind> Kinds => [.. Enum.GetValues<ChatEventKind>()];

    [Fact]
    public void Every_encoder_holds_a_slot_of_its_own()
    {
        var encoders = WireFormats.ClaimSlots();

        Assert.Equal(13, encoders.Count); // plain, and IRC: 3 tag modes × extended-join × account-tag
        Assert.Equal(encoders.Count, encoders.Select(e => e.Slot).Distinct().Count());
        Assert.Equal(encoders.Count, encoders.Select(e => e.Slot.Format).Distinct().Count());
        Assert.Same(IrcEventEncoder.For(IrcTagMode.Time, extendedJoin: true, accountTag: true), IrcEventEncoder.For(IrcTagMode.Time, extendedJoin: true, accountTag: true));
    }

    [Fact]
    public void A_format_claiming_a_slot_again_is_refused_by_name()
    {
        var plain = WireFormats.ClaimSlots()[0].Slot.Format;

        var refused = Assert.Throws<InvalidOperationException>(() => EncoderSlots.Claim(plain));

        Assert.Contains("'plain' claimed an event cache slot twice", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_of_event_encodes_to_a_line_in_every_format(ChatEventKind kind)
    {
        var chatEvent = EventOf(kind);

        foreach (var encoder in WireFormats.ClaimSlots())
        {
            var bytes = chatEvent.EncodedFor(encoder);
            Assert.True(bytes.Length > 0 && bytes[^1] == (byte)'\n', $"{kind} in {encoder.Slot}: '{System.Text.Encoding.UTF8.GetString(bytes)}'");
        }
    }

    private static ChatEvent EventOf(ChatEventKind kind)
    {
        var hub = new ChatHub(new ChatOptions(), TimeProvider.System);
        var alice = hub.Connect("127.0.0.1:40001", "127.0.0.1", new IgnoringSink());
        var bob = hub.Connect("127.0.0.1:40002", "127.0.0.1", new IgnoringSink());
        var (room, text, target) = kind switch
        {
            ChatEventKind.Private or ChatEventKind.Invite or ChatEventKind.Kick => (kind == ChatEventKind.Private ? null : hub.DefaultRoom, "text", bob),
            ChatEventKind.Quit or ChatEventKind.NickChange or ChatEventKind.RealNameChange or ChatEventKind.Away or ChatEventKind.Wallops => (null, "text", null),
            ChatEventKind.ModeChange => (hub.DefaultRoom, string.Empty, null),
            ChatEventKind.TagMessage => (hub.DefaultRoom, string.Empty, null),
            _ => (hub.DefaultRoom, "text", (Member?)null),
        };
        return new ChatEvent(kind, alice, room, text, DateTimeOffset.UnixEpoch, target)
        {
            Modes = kind == ChatEventKind.ModeChange ? [new ModeChange(true, 'o', bob.Nick)] : [],
            Tags = kind == ChatEventKind.TagMessage ? [new("+typing", "active")] : [],
            RedactedMessageId = kind == ChatEventKind.Redaction ? "m1" : null,
        };
    }
}
