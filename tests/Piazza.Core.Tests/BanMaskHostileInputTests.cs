using System.Text;

using Piazza.Core;
using Piazza.Core.Bans;

namespace Piazza.Core.Tests;

/// <summary>
/// Masks and names no honest client sends. The matcher is iterative with one backtrack point (the
/// last '*'), so a match costs at most mask length × text length steps — with masks capped at
/// <see cref="BanMask.MaxLength"/>, linear in the text — and never recurses or goes exponential.
/// Each match here runs under a timeout, so a regression fails rather than hangs.
/// </summary>
public class BanMaskHostileInputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Many_stars_against_a_long_text_complete()
    {
        var text = new string('a', 100_000);
        string[] masks =
        [
            string.Concat(Enumerable.Repeat("*a", BanMask.MaxLength / 2)) + "*b",
            string.Concat(Enumerable.Repeat("*?", BanMask.MaxLength / 2)) + "b",
            new string('*', 10_000) + "b",
            new string('?', 50_000) + "*" + new string('?', 49_999) + "b",
        ];

        foreach (var mask in masks)
        {
            Assert.False(await Task.Run(() => BanMask.Matches(mask, text)).WaitAsync(Limit));
            Assert.True(await Task.Run(() => BanMask.Matches(mask, text + "b")).WaitAsync(Limit));
        }
    }

    [Fact]
    public async Task The_longest_hostile_room_ban_against_a_long_name_completes()
    {
        var hub = TestChat.NewHub();
        var op = hub.ConnectAs("op");
        var room = hub.JoinOk(op, "dev");
        var target = hub.ConnectAs("aaaa", user: "~" + new string('a', 400), host: new string('a', 400));
        var mask = string.Concat(Enumerable.Repeat("*a", (BanMask.MaxLength - 6) / 2)) + "*b!*@*";
        Assert.True(mask.Length <= BanMask.MaxLength);

        hub.SetModesOk(op, room, new ModeChange(true, 'b', mask));

        Assert.False(await Task.Run(() => room.IsBanned(target.Member)).WaitAsync(Limit));
    }

    [Fact]
    public void An_overlong_mask_is_refused_by_room_and_server_bans_alike()
    {
        var overlong = new string('*', BanMask.MaxLength + 1);

        Assert.Null(BanMask.TryNormalize(overlong, out var why));
        Assert.NotNull(why);
        Assert.Null(ServerBanMask.TryNormalize(overlong, out _, out _));
        Assert.Equal(new string('*', BanMask.MaxLength) + "!*@*", BanMask.TryNormalize(new string('*', BanMask.MaxLength), out _));
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("bob\0!*@*")]
    [InlineData("*!*@host\0")]
    [InlineData("\u0001ACTION")]
    [InlineData("bob\u007f")]
    public void A_mask_with_a_control_character_is_refused(string typed)
    {
        Assert.Null(BanMask.TryNormalize(typed, out _));
        Assert.Null(ServerBanMask.TryNormalize(typed, out _, out _));
    }

    [Theory]
    [InlineData("a\0b", "a\0b", true)]
    [InlineData("a?b", "a\0b", true)]
    [InlineData("a*", "a\0\0\0", true)]
    [InlineData("ab", "a\0b", false)]
    public void A_NUL_in_a_name_is_one_more_character(string mask, string text, bool matches)
    {
        Assert.Equal(matches, BanMask.Matches(mask, text));
    }

    [Fact]
    public void Invalid_UTF8_read_as_replacement_characters_is_matched_as_them()
    {
        // What a session makes of the bytes "caf" 0xC3 "!" 0xFF 0xFE "@h": each bad byte a U+FFFD.
        var text = Encoding.UTF8.GetString([(byte)'c', (byte)'a', (byte)'f', 0xC3, (byte)'!', 0xFF, 0xFE, (byte)'@', (byte)'h']);
        Assert.Equal("caf\uFFFD!\uFFFD\uFFFD@h", text);

        Assert.True(BanMask.Matches("caf?!??@h", text));
        Assert.True(BanMask.Matches("caf\uFFFD!*@*", text));
        Assert.True(BanMask.Matches("*!\uFFFD*@h", text));
        Assert.False(BanMask.Matches("caf!*@*", text));
        Assert.False(BanMask.Matches("caf?!?@h", text));
    }

    [Fact]
    public void A_room_ban_matches_a_user_name_of_replacement_characters()
    {
        var hub = TestChat.NewHub();
        var op = hub.ConnectAs("op");
        var room = hub.JoinOk(op, "dev");
        var target = hub.ConnectAs("bob", user: Encoding.UTF8.GetString([(byte)'~', 0xC0, 0xAF]));

        hub.SetModesOk(op, room, new ModeChange(true, 'b', "*!~??@*"));

        Assert.True(room.IsBanned(target.Member));
    }

    /// <summary>A fact, not a theory: xunit's case serialisation would mangle lone surrogates before the matcher saw them.</summary>
    [Fact]
    public void Lone_surrogates_never_throw()
    {
        (string Mask, string Text, bool Matches)[] cases =
        [
            ("?", "\uD83D", true), // a lone high surrogate is one character
            ("?", "\uDE00", true), // so is a lone low one
            ("??", "\uDE00\uD83D", true), // a pair in the wrong order is two
            ("a?", "a\uD83D", true),
            ("\uD83D", "\uD83D", true),
            ("*\uD83D", "x\uD83D", true),
            ("\uD83D*", "\uD83D\uDE00", true),
            ("?", "\uD83D\uDE00", true),
            ("??", "\uD83D\uDE00", false),
            ("*?", "\uD83D", true),
            ("?*?", "\uD83D", false),
        ];

        foreach (var (mask, text, matches) in cases)
        {
            Assert.True(matches == BanMask.Matches(mask, text), $"{Escape(mask)} against {Escape(text)} should be {matches}");
        }
    }

    [Fact]
    public void A_mask_of_wildcards_and_separators_only_is_still_one_mask()
    {
        Assert.Equal("*!*@*", BanMask.TryNormalize("!@", out _));
        Assert.Equal("?!?@?", BanMask.TryNormalize("?!?@?", out _));
        Assert.Equal(@"\*!*@*", BanMask.TryNormalize(@"\*", out _));
        Assert.True(BanMask.Matches(@"\*!*@*", "*!u@h"));
        Assert.False(BanMask.Matches(@"\*!*@*", "bob!u@h"));
    }

    private static string Escape(string text) => string.Concat(text.Select(c => c < 128 ? c.ToString() : $"\\u{(int)c:X4}"));
}
