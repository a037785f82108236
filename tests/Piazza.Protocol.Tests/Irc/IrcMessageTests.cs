using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

public class IrcMessageTests
{
    [Fact]
    public void The_constructor_upper_cases_the_command_and_defaults_the_rest()
    {
        var message = new IrcMessage("privmsg", ["#c", "hi"]);

        Assert.Equal("PRIVMSG", message.Command);
        Assert.Equal(["#c", "hi"], message.Parameters);
        Assert.Empty(message.Tags);
        Assert.Null(message.Source);
    }

    [Fact]
    public void The_constructor_copies_what_it_is_given()
    {
        var parameters = new List<string> { "a" };
        var tags = new Dictionary<string, string> { ["k"] = "v" };

        var message = new IrcMessage("X", parameters, tags);
        parameters.Add("b");
        tags["k"] = "changed";

        Assert.Equal(["a"], message.Parameters);
        Assert.Equal("v", message.Tags["k"]);
    }

    [Fact]
    public void An_empty_source_is_no_source()
    {
        Assert.Null(new IrcMessage("X", [], source: string.Empty).Source);
    }

    [Fact]
    public void A_null_parameter_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => new IrcMessage("X", [null!]));
    }

    [Fact]
    public void ToString_is_readable()
    {
        var message = new IrcMessage("PRIVMSG", ["#c", "hi there"], new Dictionary<string, string> { ["k"] = "a b" }, "n!u@h");

        Assert.Equal("@k=a b :n!u@h PRIVMSG #c :hi there", message.ToString());
    }
}
