using Piazza.Client.Tui;

using Terminal.Gui.Text;

namespace Piazza.Client.Tests.FullScreen;

/// <summary>Breaking a line into rows of the pane's width, by terminal columns.</summary>
public sealed class WordWrapperTests
{
    [Fact]
    public void A_line_that_fits_is_one_row_with_its_spans()
    {
        Span[] spans = [new("[12:00:00] ", Styles.Timestamp), new("hello", Styles.Text)];

        var rows = WordWrapper.Wrap(spans, 40, 11);

        Assert.Equal(spans, Assert.Single(rows));
    }

    [Fact]
    public void Rows_break_at_spaces_and_continue_indented()
    {
        Span[] spans = [new("[12:00:00] ", Styles.Timestamp), new("the quick brown fox jumps over the lazy dog", Styles.Text)];

        var rows = WordWrapper.Wrap(spans, 30, 11).Select(Text).ToList();

        Assert.Equal(["[12:00:00] the quick brown fox", "           jumps over the lazy", "           dog"], rows);
    }

    [Fact]
    public void A_word_longer_than_a_row_is_cut()
    {
        Span[] spans = [new(new string('x', 25), Styles.Text)];

        var rows = WordWrapper.Wrap(spans, 10, 2).Select(Text).ToList();

        Assert.Equal([new string('x', 10), "  " + new string('x', 8), "  " + new string('x', 7)], rows);
    }

    [Fact]
    public void Wide_characters_take_two_columns()
    {
        Span[] spans = [new("日本語のテキスト", Styles.Text)];

        var rows = WordWrapper.Wrap(spans, 7, 0).Select(Text).ToList();

        Assert.Equal(["日本語", "のテキ", "スト"], rows);
    }

    [Fact]
    public void Styles_change_within_a_row_where_the_spans_did()
    {
        Span[] spans = [new("<", Styles.Timestamp), new("bob", Styles.Nick("bob", dim: false)), new("> hi there", Styles.Text)];

        var rows = WordWrapper.Wrap(spans, 10, 2);

        Assert.Equal([new Span("<", Styles.Timestamp), new Span("bob", Styles.Nick("bob", dim: false)), new Span("> hi", Styles.Text)], rows[0]);
        Assert.Equal([new Span("  ", Styles.Text), new Span("there", Styles.Text)], rows[1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(13)]
    [InlineData(80)]
    public void No_row_is_wider_than_the_pane_and_no_text_is_lost(int width)
    {
        const string Text = "a long message — with 日本 wide characters, emoji 🎉 and averyveryverylongwordthatmustbecut at some point";
        Span[] spans = [new("[12:00:00] ", Styles.Timestamp), new(Text, Styles.Text)];

        var rows = WordWrapper.Wrap(spans, width, 11);

        Assert.All(rows, row => Assert.True(Columns(row) <= Math.Max(width, 2), $"{Columns(row)} > {width}: {WordWrapperTests.Text(row)}"));
        var words = string.Concat(rows.Select(WordWrapperTests.Text)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(("[12:00:00] " + Text).Replace(" ", string.Empty, StringComparison.Ordinal), string.Concat(words));
    }

    private static string Text(Span[] row) => string.Concat(row.Select(s => s.Text));

    private static int Columns(Span[] row) => Text(row).EnumerateRunes().Sum(r => Math.Max(0, r.GetColumns()));
}
