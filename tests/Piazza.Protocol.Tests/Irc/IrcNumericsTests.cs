using System.Reflection;

using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

public class IrcNumericsTests
{
    private static readonly FieldInfo[] Numerics = typeof(IrcNumerics).GetFields(BindingFlags.Public | BindingFlags.Static);

    [Fact]
    public void Every_numeric_is_three_digits_and_unique()
    {
        var values = Numerics.Select(static f => (string)f.GetRawConstantValue()!).ToArray();

        Assert.All(values, static v => Assert.Matches("^[0-9]{3}$", v));
        Assert.Equal(values.Length, values.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Names_say_reply_or_error()
    {
        Assert.All(Numerics, static f => Assert.True(f.Name.StartsWith("Rpl", StringComparison.Ordinal) || f.Name.StartsWith("Err", StringComparison.Ordinal), f.Name));
    }

    [Theory]
    [InlineData(IrcNumerics.RplWelcome, "001")]
    [InlineData(IrcNumerics.RplISupport, "005")]
    [InlineData(IrcNumerics.RplNamReply, "353")]
    [InlineData(IrcNumerics.RplEndOfNames, "366")]
    [InlineData(IrcNumerics.RplWhoisHost, "378")]
    [InlineData(IrcNumerics.ErrInvalidCapCmd, "410")]
    [InlineData(IrcNumerics.ErrInputTooLong, "417")]
    [InlineData(IrcNumerics.ErrUnknownCommand, "421")]
    [InlineData(IrcNumerics.ErrNicknameInUse, "433")]
    [InlineData(IrcNumerics.ErrHelpNotFound, "524")]
    [InlineData(IrcNumerics.RplWhoisSecure, "671")]
    [InlineData(IrcNumerics.ErrInvalidModeParam, "696")]
    [InlineData(IrcNumerics.RplEndOfHelp, "706")]
    [InlineData(IrcNumerics.ErrSaslFail, "904")]
    public void Spot_checks(string numeric, string expected)
    {
        Assert.Equal(expected, numeric);
    }
}
