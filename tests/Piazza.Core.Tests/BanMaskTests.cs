using Piazza.Core.Bans;

namespace Piazza.Core.Tests;

public class BanMaskTests
{
    /// <summary>ircdocs/parser-tests mask-match.yaml; BanMaskConformanceTests runs them through room and server bans.</summary>
    [Theory]
    [MemberData(nameof(MaskMatchCases.IrcDocs), MemberType = typeof(MaskMatchCases))]
    public void Parser_tests_mask_match(string mask, string nickUserHost, bool matches)
    {
        Assert.Equal(matches, BanMask.Matches(mask, nickUserHost));
    }

    [Theory]
    [InlineData("BOB!*@*", "bob!u@h", true)]
    [InlineData("bob!*@*.EXAMPLE.com", "Bob!u@host.example.COM", true)]
    [InlineData("*", "anything!at@all", true)]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("***", "a!b@c", true)]
    [InlineData("?", "", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("a*c", "ac", true)]
    [InlineData("a*c", "abbbc", true)]
    [InlineData("a*c", "abbbcd", false)]
    [InlineData("*!*@*", "n!u@h", true)]
    [InlineData("*!*@*", "nuh", false)]
    [InlineData("\u00c9!*@*", "\u00e9!u@h", false)] // ASCII case folding only
    [InlineData(@"a\*b", "a*b", true)] // escaped wildcards are literals
    [InlineData(@"a\*b", "axb", false)]
    [InlineData(@"a\?b", "a?b", true)]
    [InlineData(@"a\?b", "axb", false)]
    [InlineData(@"a\b", @"a\b", true)] // a backslash before anything else is itself
    [InlineData(@"a\", @"a\", true)]
    [InlineData("n?!*@*", "n\U0001F600!u@h", true)] // '?' takes a whole surrogate pair
    [InlineData("n??!*@*", "n\U0001F600!u@h", false)]
    public void Matches_with_wildcards_ignoring_ASCII_case(string mask, string nickUserHost, bool matches)
    {
        Assert.Equal(matches, BanMask.Matches(mask, nickUserHost));
    }

    [Fact]
    public void A_hostile_mask_completes()
    {
        var mask = string.Concat(Enumerable.Repeat("*a", 60)) + "*b";
        var text = new string('a', 5_000);

        Assert.False(BanMask.Matches(mask, text));
        Assert.True(BanMask.Matches(mask, text + "b"));
        Assert.False(BanMask.Matches(string.Concat(Enumerable.Repeat("*?", 60)) + "b", text));
    }

    [Theory]
    [InlineData("bob", "bob!*@*")]
    [InlineData("bob!x", "bob!x@*")]
    [InlineData("*@host", "*!*@host")]
    [InlineData("u@h", "*!u@h")]
    [InlineData("bob!x@h", "bob!x@h")]
    [InlineData("*!*@*", "*!*@*")]
    [InlineData("", "*!*@*")]
    [InlineData("!", "*!*@*")]
    [InlineData("@", "*!*@*")]
    [InlineData("bob!", "bob!*@*")]
    [InlineData("!u", "*!u@*")]
    [InlineData("bob!@h", "bob!*@h")]
    [InlineData("host.example.com", "host.example.com!*@*")]
    [InlineData("*!*@h@x", "*!*@h@x")]
    public void Normalize_completes_a_mask(string mask, string normalized)
    {
        Assert.Equal(normalized, BanMask.Normalize(mask));
    }
}
