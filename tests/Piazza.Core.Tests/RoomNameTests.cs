using Piazza.Core;

namespace Piazza.Core.Tests;

public class RoomNameTests
{
    private const int Max = 8;

    [Theory]
    [InlineData("dev", "dev")]
    [InlineData("#dev", "dev")]
    [InlineData("Dev", "Dev")]
    [InlineData("a.b_c-d", "a.b_c-d")]
    [InlineData("123", "123")]
    [InlineData("-", "-")]
    [InlineData("abcdefgh", "abcdefgh")]
    [InlineData("#abcdefgh", "abcdefgh")] // the '#' does not count towards the limit
    public void Valid_room_names_pass_without_their_hash(string input, string expected)
    {
        Assert.Null(RoomName.Validate(input, Max, out var name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("##dev")]
    [InlineData("abcdefghi")] // one over the limit
    [InlineData("#abcdefghi")]
    [InlineData("a b")]
    [InlineData("a,b")]
    [InlineData("a:b")]
    [InlineData("dev!")]
    [InlineData("a/b")]
    [InlineData("caf\u00e9")]
    [InlineData("a\u0007")]
    public void Invalid_room_names_fail(string input)
    {
        Assert.NotNull(RoomName.Validate(input, Max, out _));
    }

    [Theory]
    [InlineData("#x", "x")]
    [InlineData("x", "x")]
    [InlineData("##x", "#x")]
    [InlineData("", "")]
    public void Strip_drops_one_leading_hash(string input, string expected)
    {
        Assert.Equal(expected, RoomName.Strip(input));
    }

    [Fact]
    public void Room_names_compare_case_insensitively()
    {
        Assert.True(RoomName.Comparer.Equals("Dev", "dEV"));
        Assert.Equal(RoomName.Comparer.GetHashCode("Dev"), RoomName.Comparer.GetHashCode("DEV"));
        Assert.False(RoomName.Comparer.Equals("dev", "dev2"));
    }
}
