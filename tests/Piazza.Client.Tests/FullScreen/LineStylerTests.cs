using Piazza.Client.Model;
using Piazza.Client.Tui;

namespace Piazza.Client.Tests.FullScreen;

/// <summary>How each kind of line reads and is coloured on screen.</summary>
public sealed class LineStylerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(nameof(LineKind.Message), "bob", "hi", "<bob> hi")]
    [InlineData(nameof(LineKind.Action), "bob", "waves", "* bob waves")]
    [InlineData(nameof(LineKind.Notice), "bob", "psst", "-bob- psst")]
    [InlineData(nameof(LineKind.Event), null, "bob joined #lobby", "* bob joined #lobby")]
    [InlineData(nameof(LineKind.Error), null, "No such nick", "! No such nick")]
    [InlineData(nameof(LineKind.Info), null, "Connected.", "-!- Connected.")]
    public void Each_kind_reads_as_in_line_mode_after_the_timestamp(string kind, string? nick, string text, string body)
    {
        var line = new ChatLine(Noon, Enum.Parse<LineKind>(kind), nick, text);

        Assert.Equal(LineFormat.Timestamp(Noon) + " " + body, Text(LineStyler.Style(line, 80)));
    }

    [Fact]
    public void A_gap_is_a_rule_across_the_pane()
    {
        var line = new ChatLine(Noon, LineKind.Gap, null, "Disconnected: reset");

        var text = Text(LineStyler.Style(line, 60));

        Assert.Equal(60, text.Length);
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] --- Disconnected: reset -+$", text);
    }

    [Fact]
    public void Nicks_have_their_own_colour_and_our_own_is_different()
    {
        var bob = LineStyler.Style(new ChatLine(Noon, LineKind.Message, "bob", "hi"), 80);
        var own = LineStyler.Style(new ChatLine(Noon, LineKind.Message, "alice", "hi") { IsOwn = true }, 80);

        Assert.Equal(Styles.Nick("bob", dim: false), bob.Single(s => s.Text == "bob").Style);
        Assert.Equal(Styles.OwnNick, own.Single(s => s.Text == "alice").Style);
        Assert.Equal(NickColors.For("Bob"), NickColors.For("bob"));
    }

    [Fact]
    public void Events_history_errors_and_mentions_stand_apart_from_plain_text()
    {
        Assert.Equal(Styles.Event, LineStyler.Style(new ChatLine(Noon, LineKind.Event, null, "bob quit"), 80)[^1].Style);
        Assert.Equal(Styles.Error, LineStyler.Style(new ChatLine(Noon, LineKind.Error, null, "no"), 80)[^1].Style);
        Assert.Equal(Styles.Mention, LineStyler.Style(new ChatLine(Noon, LineKind.Message, "bob", "alice: hi") { MentionsMe = true }, 80)[^1].Style);
        Assert.Equal(Styles.Text, LineStyler.Style(new ChatLine(Noon, LineKind.Message, "bob", "hi"), 80)[^1].Style);

        var history = LineStyler.Style(new ChatLine(Noon, LineKind.Message, "bob", "earlier") { IsHistory = true }, 80);
        Assert.All(history.Where(s => s.Text != "bob"), s => Assert.Equal(Styles.History, s.Style));
    }

    [Fact]
    public void Control_characters_become_spaces()
    {
        var line = new ChatLine(Noon, LineKind.Message, "bob", "a\tb\rc");

        Assert.EndsWith("<bob> a b c", Text(LineStyler.Style(line, 80)), StringComparison.Ordinal);
    }

    private static string Text(IEnumerable<Span> spans) => string.Concat(spans.Select(s => s.Text));
}
