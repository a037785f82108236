using Piazza.Core;

namespace Piazza.Core.Tests;

public class NickNameTests
{
    private const int Max = 9;

    [Theory]
    [InlineData("a")]
    [InlineData("alice")]
    [InlineData("Alice_99")]
    [InlineData("a-b")]
    [InlineData("[x]")]
    [InlineData("]x")]
    [InlineData("\\back")]
    [InlineData("`tick")]
    [InlineData("_under")]
    [InlineData("^caret")]
    [InlineData("{brace}")]
    [InlineData("|pipe")]
    [InlineData("abcdefghi")]
    public void Valid_nicknames_pass(string nick)
    {
        Assert.Null(NickName.Validate(nick, Max));
    }

    [Theory]
    [InlineData("")] // empty
    [InlineData("abcdefghij")] // one over the limit
    [InlineData("1abc")] // starts with a digit
    [InlineData("-dash")] // starts with '-'
    [InlineData("a b")]
    [InlineData("a.b")]
    [InlineData("a#b")]
    [InlineData("#a")]
    [InlineData("a@b")]
    [InlineData("a!b")]
    [InlineData("a:b")]
    [InlineData("a,b")]
    [InlineData("j\u00f6rg")] // non-ASCII letter
    [InlineData("\u00e9")]
    [InlineData("a\tb")]
    public void Invalid_nicknames_fail(string nick)
    {
        Assert.NotNull(NickName.Validate(nick, Max));
    }

    [Fact]
    public void The_limit_is_inclusive()
    {
        Assert.Null(NickName.Validate(new string('n', 30), 30));
        Assert.NotNull(NickName.Validate(new string('n', 31), 30));
    }

    [Fact]
    public void Nicknames_compare_case_insensitively()
    {
        Assert.True(NickName.Comparer.Equals("Alice", "aLICE"));
        Assert.Equal(NickName.Comparer.GetHashCode("Alice"), NickName.Comparer.GetHashCode("ALICE"));
        Assert.True(NickName.Comparer.Equals("[a]_", "[A]_"));
        Assert.False(NickName.Comparer.Equals("alice", "alicf"));
    }
}
