using System.Text;

using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

public class IrcWriterTests
{
    [Fact]
    public void A_numeric_reply_with_a_source_and_a_trailing_text()
    {
        var line = IrcWriter.Format(null, "irc.example.com", IrcNumerics.RplWelcome, ["bob", "Welcome to Piazza, bob"]);

        Assert.Equal(":irc.example.com 001 bob :Welcome to Piazza, bob\r\n", Text(line));
    }

    [Fact]
    public void Tags_source_command_and_parameters_in_order()
    {
        var line = IrcWriter.Format(
            "time=2024-01-01T00:00:00.000Z;msgid=abc",
            "dan!d@localhost",
            "PRIVMSG",
            ["#chan", "Hey what's up!"]);

        Assert.Equal("@time=2024-01-01T00:00:00.000Z;msgid=abc :dan!d@localhost PRIVMSG #chan :Hey what's up!\r\n", Text(line));
    }

    [Theory]
    [InlineData(null, null, "PING", new[] { "token" }, false, "PING token\r\n")]
    [InlineData(null, null, "PING", new[] { "token" }, true, "PING :token\r\n")]
    [InlineData(null, null, "QUIT", new string[0], true, "QUIT\r\n")]
    [InlineData("", "", "QUIT", new string[0], false, "QUIT\r\n")]
    [InlineData("a=b", null, "PING", new[] { "x" }, false, "@a=b PING x\r\n")]
    [InlineData(null, "src", "AWAY", new[] { "" }, false, ":src AWAY :\r\n")]
    [InlineData(null, "n!u@h", "PRIVMSG", new[] { "#c", ":-)" }, false, ":n!u@h PRIVMSG #c ::-)\r\n")]
    [InlineData(null, "n!u@h", "PRIVMSG", new[] { "#c", "a:b" }, false, ":n!u@h PRIVMSG #c a:b\r\n")]
    [InlineData(null, "srv", "353", new[] { "bob", "=", "#c", "@alice +bob" }, false, ":srv 353 bob = #c :@alice +bob\r\n")]
    [InlineData(null, "srv", "MODE", new[] { "#c", "+o", "bob" }, false, ":srv MODE #c +o bob\r\n")]
    [InlineData(null, "srv", "005", new[] { "bob", "CHANTYPES=#", "are supported by this server" }, false, ":srv 005 bob CHANTYPES=# :are supported by this server\r\n")]
    [InlineData(null, null, "PRIVMSG", new[] { "#c", "\u00e9t\u00e9 \U0001F600" }, false, "PRIVMSG #c :\u00e9t\u00e9 \U0001F600\r\n")]
    [InlineData(null, null, "foo", new[] { "b\tar", "baz" }, false, "foo b\tar baz\r\n")]
    public void Writes_exact_lines(string? tags, string? source, string command, string[] parameters, bool trailing, string expected)
    {
        Assert.Equal(expected, Text(IrcWriter.Format(tags, source, command, parameters, trailing)));
    }

    /// <summary>ircdocs/parser-tests msg-join.yaml: the writer's line is one of those the test accepts.</summary>
    [Theory]
    [InlineData(null, "foo", new[] { "bar", "baz", "asdf" }, new[] { "foo bar baz asdf", "foo bar baz :asdf" })]
    [InlineData("src", "AWAY", new string[0], new[] { ":src AWAY" })]
    [InlineData("src", "AWAY", new[] { "" }, new[] { ":src AWAY :" })]
    [InlineData("coolguy", "foo", new[] { "bar", "baz", "asdf" }, new[] { ":coolguy foo bar baz asdf", ":coolguy foo bar baz :asdf" })]
    [InlineData(null, "foo", new[] { "bar", "baz", "asdf quux" }, new[] { "foo bar baz :asdf quux" })]
    [InlineData(null, "foo", new[] { "bar", "baz", "" }, new[] { "foo bar baz :" })]
    [InlineData(null, "foo", new[] { "bar", "baz", ":asdf" }, new[] { "foo bar baz ::asdf" })]
    [InlineData("coolguy", "foo", new[] { "bar", "baz", "  asdf quux " }, new[] { ":coolguy foo bar baz :  asdf quux " })]
    [InlineData("coolguy", "PRIVMSG", new[] { "bar", "lol :) " }, new[] { ":coolguy PRIVMSG bar :lol :) " })]
    [InlineData("coolguy", "foo", new[] { "bar", "baz", "  " }, new[] { ":coolguy foo bar baz :  " })]
    [InlineData("coolguy", "foo", new[] { "b\tar", "baz" }, new[] { ":coolguy foo b\tar baz", ":coolguy foo b\tar :baz" })]
    public void Parser_tests_messages_join(string? source, string command, string[] parameters, string[] matches)
    {
        var line = Text(IrcWriter.Format(null, source, command, parameters));

        Assert.Contains(line[..^2], matches);
    }

    [Theory]
    [InlineData(new[] { "asd", "" }, "coolguy", "@asd :coolguy FOO bar baz :  ")]
    [InlineData(new[] { "a", "b\\and\nk", "d", "gh;764" }, null, @"@a=b\\and\nk;d=gh\:764 FOO bar baz :  ")]
    [InlineData(new[] { "foo", "\\\\;\\s \r\n" }, null, @"@foo=\\\\\:\\s\s\r\n FOO bar baz :  ")]
    public void Parser_tests_messages_join_with_tags_upper_cased(string[] tagPairs, string? source, string expected)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < tagPairs.Length; i += 2)
        {
            tags[tagPairs[i]] = tagPairs[i + 1];
        }

        var message = new IrcMessage("foo", ["bar", "baz", "  "], tags, source);

        Assert.Equal(expected + "\r\n", Text(IrcWriter.Format(message)));
    }

    [Fact]
    public void CR_LF_and_NUL_in_the_last_parameter_become_spaces()
    {
        var line = IrcWriter.Format(null, "n!u@h", "PRIVMSG", ["#c", "line1\r\nQUIT :bye\0x"]);

        Assert.Equal(":n!u@h PRIVMSG #c :line1  QUIT :bye x\r\n", Text(line));
    }

    [Fact]
    public void A_last_parameter_that_was_only_a_line_break_gets_a_colon()
    {
        Assert.Equal("PRIVMSG #c x\r\n", Text(IrcWriter.Format(null, null, "PRIVMSG", ["#c", "x"])));
        Assert.Equal("PRIVMSG #c : \r\n", Text(IrcWriter.Format(null, null, "PRIVMSG", ["#c", "\n"])));
    }

    [Theory]
    [InlineData("")]
    [InlineData(":nick")]
    [InlineData("a b")]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData(" ")]
    public void A_middle_parameter_that_cannot_be_sent_is_a_star(string middle)
    {
        var line = IrcWriter.Format(null, "srv", IrcNumerics.ErrErroneousNickname, ["*", middle, "Erroneous nickname"]);

        Assert.Equal(":srv 432 * * :Erroneous nickname\r\n", Text(line));
    }

    [Fact]
    public void One_call_never_produces_two_lines()
    {
        var random = new Random(7);
        string[] nasty = ["\r", "\n", "\0", "\r\n", " ", ":", "", "a", "\u00e9"];
        for (var i = 0; i < 2_000; i++)
        {
            var parameters = Enumerable.Range(0, random.Next(6))
                .Select(_ => string.Concat(Enumerable.Range(0, random.Next(5)).Select(_ => nasty[random.Next(nasty.Length)])))
                .ToArray();

            var line = IrcWriter.Format(null, "srv", "NOTICE", parameters);

            Assert.Equal(-1, line.AsSpan(0, line.Length - 2).IndexOfAny("\r\n\0"u8));
            Assert.Equal(IrcParseStatus.Ok, IrcParser.TryParse(line.AsSpan(0, line.Length - 2), out var parsed));
            Assert.Equal(parameters.Length, parsed!.Parameters.Count);
        }
    }

    [Fact]
    public void An_unpaired_surrogate_is_written_as_the_replacement_character()
    {
        var line = IrcWriter.Format(null, null, "PRIVMSG", ["#c", "a\ud83db"]);

        Assert.Equal("PRIVMSG #c a\ufffdb\r\n", Text(line));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("PRIV MSG")]
    [InlineData("PING\r")]
    [InlineData("PING\n")]
    [InlineData("PI\0NG")]
    [InlineData(":PING")]
    [InlineData("@PING")]
    public void A_bad_command_is_an_argument_error(string command)
    {
        Assert.ThrowsAny<ArgumentException>(() => IrcWriter.Format(null, null, command, ["x"]));
    }

    [Theory]
    [InlineData("a=b c", null)]
    [InlineData("a=b\r", null)]
    [InlineData(null, "n!u@h x")]
    [InlineData(null, "n\n")]
    [InlineData(null, "n\0")]
    public void Tags_or_a_source_with_a_space_or_line_break_are_argument_errors(string? tags, string? source)
    {
        Assert.Throws<ArgumentException>(() => IrcWriter.Format(tags, source, "PING", ["x"]));
    }

    [Fact]
    public void A_message_is_formatted_with_its_tags_escaped_and_its_command_upper_cased()
    {
        var message = new IrcMessage(
            "privmsg",
            ["#c", "hi there"],
            new Dictionary<string, string> { ["+draft/reply"] = "a;b c", ["+typing"] = string.Empty },
            "n!u@h");

        Assert.Equal(@"@+draft/reply=a\:b\sc;+typing :n!u@h PRIVMSG #c :hi there" + "\r\n", Text(IrcWriter.Format(message)));
    }

    [Fact]
    public void A_parsed_message_formats_back_to_its_line()
    {
        const string line = @"@a=b\sc;d :n!u@h PRIVMSG #chan :hello world";

        Assert.Equal(line + "\r\n", Text(IrcWriter.Format(IrcTestData.Parse(line))));
    }

    [Fact]
    public void FormatTags_joins_escapes_and_keeps_order()
    {
        KeyValuePair<string, string>[] tags =
        [
            new("time", "2024-01-01T00:00:00.000Z"),
            new("empty", string.Empty),
            new("+example.com/x", "; \\\r\n"),
            new("nul", "a\0b"),
        ];

        Assert.Equal(@"time=2024-01-01T00:00:00.000Z;empty;+example.com/x=\:\s\\\r\n;nul=ab", IrcWriter.FormatTags(tags));
    }

    [Fact]
    public void FormatTags_of_nothing_is_null()
    {
        Assert.Null(IrcWriter.FormatTags([]));
        Assert.Null(IrcWriter.FormatTags(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a;b")]
    [InlineData("a=b")]
    [InlineData("a\r")]
    [InlineData("a\n")]
    [InlineData("a\0")]
    public void FormatTags_refuses_keys_that_would_break_the_tags(string key)
    {
        Assert.Throws<ArgumentException>(() => IrcWriter.FormatTags([new(key, "v")]));
    }

    private static string Text(byte[] line) => Encoding.UTF8.GetString(line);
}
