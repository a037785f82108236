using Piazza.Protocol.Irc;

using static Piazza.Protocol.Tests.Irc.IrcTestData;

namespace Piazza.Protocol.Tests.Irc;

public class IrcParserTests
{
    /// <summary>Every example of https://modern.ircdocs.horse/#message-format ("Messages").</summary>
    [Theory]
    [InlineData(":irc.example.com CAP LS * :multi-prefix extended-join sasl", "irc.example.com", "CAP", new[] { "LS", "*", "multi-prefix extended-join sasl" })]
    [InlineData("@id=234AB :dan!d@localhost PRIVMSG #chan :Hey what's up!", "dan!d@localhost", "PRIVMSG", new[] { "#chan", "Hey what's up!" })]
    [InlineData("CAP REQ :sasl", null, "CAP", new[] { "REQ", "sasl" })]
    [InlineData(":irc.example.com CAP * LIST :", "irc.example.com", "CAP", new[] { "*", "LIST", "" })]
    [InlineData("CAP * LS :multi-prefix sasl", null, "CAP", new[] { "*", "LS", "multi-prefix sasl" })]
    [InlineData("CAP REQ :sasl message-tags foo", null, "CAP", new[] { "REQ", "sasl message-tags foo" })]
    [InlineData(":dan!d@localhost PRIVMSG #chan :Hey!", "dan!d@localhost", "PRIVMSG", new[] { "#chan", "Hey!" })]
    [InlineData(":dan!d@localhost PRIVMSG #chan Hey!", "dan!d@localhost", "PRIVMSG", new[] { "#chan", "Hey!" })]
    [InlineData(":dan!d@localhost PRIVMSG #chan ::-)", "dan!d@localhost", "PRIVMSG", new[] { "#chan", ":-)" })]
    public void Modern_ircdocs_examples_parse(string line, string? source, string command, string[] parameters)
    {
        var message = Parse(line);

        Assert.Equal(source, message.Source);
        Assert.Equal(command, message.Command);
        Assert.Equal(parameters, message.Parameters);
    }

    [Theory]
    [InlineData("@id=123AB;rose PING", new[] { "id", "123AB", "rose", "" })]
    [InlineData("@url=;netsplit=tur,ty PING", new[] { "url", "", "netsplit", "tur,ty" })]
    public void Modern_ircdocs_tag_examples_parse(string line, string[] tagPairs)
    {
        Assert.Equal(TagLines(tagPairs), TagLines(Parse(line).Tags));
    }

    /// <summary>ircdocs/parser-tests msg-split.yaml: source, command and parameters (verbs upper-cased here).</summary>
    [Theory]
    [InlineData("foo bar baz asdf", null, "FOO", new[] { "bar", "baz", "asdf" })]
    [InlineData(":coolguy foo bar baz asdf", "coolguy", "FOO", new[] { "bar", "baz", "asdf" })]
    [InlineData("foo bar baz :asdf quux", null, "FOO", new[] { "bar", "baz", "asdf quux" })]
    [InlineData("foo bar baz :", null, "FOO", new[] { "bar", "baz", "" })]
    [InlineData("foo bar baz ::asdf", null, "FOO", new[] { "bar", "baz", ":asdf" })]
    [InlineData(":coolguy foo bar baz :asdf quux", "coolguy", "FOO", new[] { "bar", "baz", "asdf quux" })]
    [InlineData(":coolguy foo bar baz :  asdf quux ", "coolguy", "FOO", new[] { "bar", "baz", "  asdf quux " })]
    [InlineData(":coolguy PRIVMSG bar :lol :) ", "coolguy", "PRIVMSG", new[] { "bar", "lol :) " })]
    [InlineData(":coolguy foo bar baz :", "coolguy", "FOO", new[] { "bar", "baz", "" })]
    [InlineData(":coolguy foo bar baz :  ", "coolguy", "FOO", new[] { "bar", "baz", "  " })]
    [InlineData(":src JOIN #chan", "src", "JOIN", new[] { "#chan" })]
    [InlineData(":src JOIN :#chan", "src", "JOIN", new[] { "#chan" })]
    [InlineData(":src AWAY", "src", "AWAY", new string[0])]
    [InlineData(":src AWAY ", "src", "AWAY", new string[0])]
    [InlineData(":cool\tguy foo bar baz", "cool\tguy", "FOO", new[] { "bar", "baz" })]
    [InlineData(":coolguy!ag@net\u00035w\u0003ork.admin PRIVMSG foo :bar baz", "coolguy!ag@net\u00035w\u0003ork.admin", "PRIVMSG", new[] { "foo", "bar baz" })]
    [InlineData(":coolguy!~ag@n\u0002et\u000305w\u000fork.admin PRIVMSG foo :bar baz", "coolguy!~ag@n\u0002et\u000305w\u000fork.admin", "PRIVMSG", new[] { "foo", "bar baz" })]
    [InlineData(":irc.example.com COMMAND param1 param2 :param3 param3", "irc.example.com", "COMMAND", new[] { "param1", "param2", "param3 param3" })]
    [InlineData("COMMAND", null, "COMMAND", new string[0])]
    [InlineData(":gravel.mozilla.org 432  #momo :Erroneous Nickname: Illegal characters", "gravel.mozilla.org", "432", new[] { "#momo", "Erroneous Nickname: Illegal characters" })]
    [InlineData(":gravel.mozilla.org MODE #tckk +n ", "gravel.mozilla.org", "MODE", new[] { "#tckk", "+n" })]
    [InlineData(":services.esper.net MODE #foo-bar +o foobar  ", "services.esper.net", "MODE", new[] { "#foo-bar", "+o", "foobar" })]
    [InlineData(":SomeOp MODE #channel :+i", "SomeOp", "MODE", new[] { "#channel", "+i" })]
    [InlineData(":SomeOp MODE #channel +oo SomeUser :AnotherUser", "SomeOp", "MODE", new[] { "#channel", "+oo", "SomeUser", "AnotherUser" })]
    public void Parser_tests_messages_split(string line, string? source, string command, string[] parameters)
    {
        var message = Parse(line);

        Assert.Equal(source, message.Source);
        Assert.Equal(command, message.Command);
        Assert.Equal(parameters, message.Parameters);
    }

    /// <summary>ircdocs/parser-tests msg-split.yaml: tags (values unescaped, the last duplicate wins).</summary>
    [Theory]
    [InlineData("@a=b;c=32;k;rt=ql7 foo", new[] { "a", "b", "c", "32", "k", "", "rt", "ql7" })]
    [InlineData(@"@a=b\\and\nk;c=72\s45;d=gh\:764 foo", new[] { "a", "b\\and\nk", "c", "72 45", "d", "gh;764" })]
    [InlineData("@c;h=;a=b :quux ab cd", new[] { "c", "", "h", "", "a", "b" })]
    [InlineData("@tag1=value1;tag2;vendor1/tag3=value2;vendor2/tag4= :irc.example.com COMMAND param1 param2 :param3 param3", new[] { "tag1", "value1", "tag2", "", "vendor1/tag3", "value2", "vendor2/tag4", "" })]
    [InlineData("@tag1=value1;tag2;vendor1/tag3=value2;vendor2/tag4 COMMAND param1 param2 :param3 param3", new[] { "tag1", "value1", "tag2", "", "vendor1/tag3", "value2", "vendor2/tag4", "" })]
    [InlineData(@"@foo=\\\\\:\\s\s\r\n COMMAND", new[] { "foo", "\\\\;\\s \r\n" })]
    [InlineData(@"@tag1=value\\ntest COMMAND", new[] { "tag1", "value\\ntest" })]
    [InlineData(@"@tag1=value\1 COMMAND", new[] { "tag1", "value1" })]
    [InlineData(@"@tag1=value1\ COMMAND", new[] { "tag1", "value1" })]
    [InlineData("@tag1=1;tag2=3;tag3=4;tag1=5 COMMAND", new[] { "tag1", "5", "tag2", "3", "tag3", "4" })]
    [InlineData("@tag1=1;tag2=3;tag3=4;tag1=5;vendor/tag2=8 COMMAND", new[] { "tag1", "5", "tag2", "3", "tag3", "4", "vendor/tag2", "8" })]
    [InlineData("@+example.com/foo=bar;+icon=https://example.com/a.png PRIVMSG #c :hi", new[] { "+example.com/foo", "bar", "+icon", "https://example.com/a.png" })]
    [InlineData("@a=b=c;d== PING", new[] { "a", "b=c", "d", "=" })]
    [InlineData("@;;a=1;; PING", new[] { "a", "1" })]
    [InlineData("@=x;+=y;a/=z;a\tb=c;a:b=1;a_b=1;k\u00e9=1;ok=1 PING", new[] { "ok", "1" })]
    [InlineData("@caf\u00e9=\u00e9t\u00e9\\s\u2603 PING", new string[0])]
    [InlineData("@k=\u00e9t\u00e9\\s\u2603 PING", new[] { "k", "\u00e9t\u00e9 \u2603" })]
    public void Parser_tests_tags_split(string line, string[] tagPairs)
    {
        Assert.Equal(TagLines(tagPairs), TagLines(Parse(line).Tags));
    }

    [Fact]
    public void A_message_without_tags_has_empty_tags_not_null()
    {
        var message = Parse("PING x");

        Assert.NotNull(message.Tags);
        Assert.Empty(message.Tags);
        Assert.Null(message.Source);
    }

    [Theory]
    [InlineData("privmsg #c :hi", "PRIVMSG")]
    [InlineData("PrivMsg #c :hi", "PRIVMSG")]
    [InlineData("nick bob", "NICK")]
    [InlineData(":srv 001 bob :Welcome", "001")]
    [InlineData("cap3 ls", "CAP3")]
    [InlineData("stra\u00dfe x", "STRA\u00dfE")]
    [InlineData("\u00e9t\u00e9 x", "\u00e9T\u00e9")]
    public void Commands_are_upper_cased_in_ASCII_only(string line, string command)
    {
        Assert.Equal(command, Parse(line).Command);
    }

    [Theory]
    [InlineData("PRIVMSG   #chan    :hi  there", new[] { "#chan", "hi  there" })]
    [InlineData("   PRIVMSG #chan :hi", new[] { "#chan", "hi" })]
    [InlineData("PRIVMSG #chan hi   ", new[] { "#chan", "hi" })]
    [InlineData("MODE #c  +o   bob", new[] { "#c", "+o", "bob" })]
    [InlineData("PRIVMSG #c a:b", new[] { "#c", "a:b" })]
    [InlineData("PRIVMSG #c :", new[] { "#c", "" })]
    [InlineData("PRIVMSG #c ::", new[] { "#c", ":" })]
    [InlineData("PRIVMSG #c : :x", new[] { "#c", " :x" })]
    [InlineData("PRIVMSG #c\ttab :x", new[] { "#c\ttab", "x" })]
    [InlineData("USER guest 0 * :Ronnie Reagan", new[] { "guest", "0", "*", "Ronnie Reagan" })]
    public void Runs_of_spaces_separate_and_a_colon_starts_the_trailing(string line, string[] parameters)
    {
        Assert.Equal(parameters, Parse(line).Parameters);
    }

    [Fact]
    public void More_than_fifteen_parameters_are_all_kept()
    {
        var words = Enumerable.Range(1, 20).Select(static i => "p" + i).ToArray();

        var message = Parse("CMD " + string.Join(' ', words) + " :last one");

        Assert.Equal([.. words, "last one"], message.Parameters);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("     ")]
    public void Blank_lines_are_empty(string line)
    {
        Assert.Equal(IrcParseStatus.Empty, IrcParser.TryParse(Utf8(line), out var message));
        Assert.Null(message);
    }

    [Theory]
    [InlineData("@a=b")]
    [InlineData("@a=b ")]
    [InlineData("@a=b    ")]
    [InlineData("@")]
    [InlineData(":src")]
    [InlineData(":src   ")]
    [InlineData(":")]
    [InlineData(": ")]
    [InlineData("@a=b :src")]
    [InlineData("@a=b :src ")]
    [InlineData("  :src")]
    public void Only_tags_or_a_source_is_no_command(string line)
    {
        Assert.Equal(IrcParseStatus.NoCommand, IrcParser.TryParse(Utf8(line), out var message));
        Assert.Null(message);
    }

    [Fact]
    public void An_empty_source_is_no_source()
    {
        var message = Parse(": PING x");

        Assert.Null(message.Source);
        Assert.Equal("PING", message.Command);
    }

    [Fact]
    public void Nul_and_bare_CR_inside_are_kept_as_content()
    {
        var message = Parse("PRIVMSG #c\0d :a\0b\rc");

        Assert.Equal(["#c\0d", "a\0b\rc"], message.Parameters);
    }

    [Fact]
    public void Nul_inside_the_command_is_kept()
    {
        Assert.Equal("PR\0IVMSG", Parse("pr\0ivmsg #c :x").Command);
    }

    [Fact]
    public void A_body_of_exactly_510_bytes_is_accepted()
    {
        var line = BodyOf(IrcParser.MaxBodyBytes);

        Assert.Equal(IrcParseStatus.Ok, IrcParser.TryParse(line, out var message));
        Assert.Equal(IrcParser.MaxBodyBytes - "PRIVMSG #c :".Length, message!.Parameters[1].Length);
    }

    [Fact]
    public void A_body_of_511_bytes_is_too_long()
    {
        Assert.Equal(IrcParseStatus.LineTooLong, IrcParser.TryParse(BodyOf(IrcParser.MaxBodyBytes + 1), out var message));
        Assert.Null(message);
    }

    [Fact]
    public void Leading_spaces_count_towards_the_body()
    {
        var line = Utf8(" " + Latin1(BodyOf(IrcParser.MaxBodyBytes)));

        Assert.Equal(IrcParseStatus.LineTooLong, IrcParser.TryParse(line, out _));
    }

    [Fact]
    public void Tags_of_exactly_4096_bytes_with_a_510_byte_body_are_accepted()
    {
        var line = TagsOf(IrcParser.MaxClientTagBytes).Concat(BodyOf(IrcParser.MaxBodyBytes)).ToArray();

        Assert.Equal(IrcParser.MaxLineBytes, line.Length);
        Assert.Equal(IrcParseStatus.Ok, IrcParser.TryParse(line, out var message));
        Assert.Equal(IrcParser.MaxClientTagBytes - "@k= ".Length, message!.Tags["k"].Length);
    }

    [Fact]
    public void Tags_of_4097_bytes_are_too_long()
    {
        var line = TagsOf(IrcParser.MaxClientTagBytes + 1).Concat("PING x"u8.ToArray()).ToArray();

        Assert.Equal(IrcParseStatus.TagsTooLong, IrcParser.TryParse(line, out var message));
        Assert.Null(message);
    }

    [Fact]
    public void A_server_may_send_tags_up_to_8191_bytes_and_no_more()
    {
        var longest = TagsOf(IrcParser.MaxServerTagBytes).Concat(BodyOf(IrcParser.MaxBodyBytes)).ToArray();
        var over = TagsOf(IrcParser.MaxServerTagBytes + 1).Concat("PING x"u8.ToArray()).ToArray();

        Assert.Equal(IrcParser.MaxServerLineBytes, longest.Length);
        Assert.Equal(IrcParseStatus.TagsTooLong, IrcParser.TryParse(longest, out _));
        Assert.Equal(IrcParseStatus.Ok, IrcParser.TryParseFromServer(longest, out var message));
        Assert.Equal(IrcParser.MaxServerTagBytes - "@k= ".Length, message!.Tags["k"].Length);
        Assert.Equal(IrcParseStatus.TagsTooLong, IrcParser.TryParseFromServer(over, out var none));
        Assert.Null(none);
    }

    [Fact]
    public void Tags_with_no_command_over_the_limit_are_too_long()
    {
        var line = TagsOf(IrcParser.MaxClientTagBytes + 2)[..^1];

        Assert.Equal(IrcParseStatus.TagsTooLong, IrcParser.TryParse(line, out _));
    }

    [Fact]
    public void A_long_body_after_tags_is_too_long_not_the_tags()
    {
        var line = TagsOf(10).Concat(BodyOf(IrcParser.MaxBodyBytes + 1)).ToArray();

        Assert.Equal(IrcParseStatus.LineTooLong, IrcParser.TryParse(line, out _));
    }

    [Theory]
    [InlineData("50 52 49 56 4D 53 47 20 23 63 20 3A FF", "PRIVMSG", new[] { "#c", "\ufffd" })]
    [InlineData("50 52 49 56 4D 53 47 20 23 63 20 3A 68 C3 20 78", "PRIVMSG", new[] { "#c", "h\ufffd x" })]
    [InlineData("70 72 FF 76 20 78", "PR\ufffdV", new[] { "x" })]
    [InlineData("4A 4F 49 4E 20 23 ED A0 80", "JOIN", new[] { "#\ufffd\ufffd\ufffd" })]
    [InlineData("4E 49 43 4B 20 C0 80", "NICK", new[] { "\ufffd\ufffd" })]
    public void Invalid_UTF8_still_sets_the_message(string hex, string command, string[] parameters)
    {
        Assert.Equal(IrcParseStatus.InvalidUtf8, IrcParser.TryParse(Hex(hex), out var message));
        Assert.NotNull(message);
        Assert.Equal(command, message.Command);
        Assert.Equal(parameters, message.Parameters);
    }

    [Fact]
    public void Invalid_UTF8_in_a_tag_or_source_is_reported_too()
    {
        Assert.Equal(IrcParseStatus.InvalidUtf8, IrcParser.TryParse([.. "@k="u8, 0xFF, .. " PING x"u8], out var tagged));
        Assert.Equal("\ufffd", tagged!.Tags["k"]);
        Assert.Equal(IrcParseStatus.InvalidUtf8, IrcParser.TryParse([.. ":n"u8, 0xFE, .. " PING x"u8], out var sourced));
        Assert.Equal("n\ufffd", sourced!.Source);
    }

    [Fact]
    public void Invalid_UTF8_without_a_command_is_no_command()
    {
        Assert.Equal(IrcParseStatus.NoCommand, IrcParser.TryParse([.. "@k="u8, 0xFF], out var message));
        Assert.Null(message);
    }

    [Theory]
    [InlineData("@time=2024-01-01T00:00:00.000Z;+draft/reply=abc :nick!user@host PRIVMSG #chan :hello \u00e9\u2603 world")]
    [InlineData(":irc.example.com 353 bob = #chan :@alice +bob carol")]
    [InlineData(@"@a=b\\and\nk;c=72\s45 CMD  a  b  :c d ")]
    [InlineData("  @x :y z")]
    public void Every_prefix_and_suffix_parses_without_throwing(string text)
    {
        var line = Utf8(text);
        for (var i = 0; i <= line.Length; i++)
        {
            AssertConsistent(IrcParser.TryParse(line.AsSpan(0, i), out var prefix), prefix);
            AssertConsistent(IrcParser.TryParse(line.AsSpan(i), out var suffix), suffix);
        }
    }

    internal static void AssertConsistent(IrcParseStatus status, IrcMessage? message)
    {
        Assert.True(Enum.IsDefined(status));
        if (status is IrcParseStatus.Ok or IrcParseStatus.InvalidUtf8)
        {
            Assert.NotNull(message);
            Assert.NotEmpty(message.Command);
            Assert.DoesNotContain(' ', message.Command);
            Assert.All(message.Parameters, static p => Assert.NotNull(p));
            Assert.All(message.Tags, static tag => Assert.NotEmpty(tag.Key));
        }
        else
        {
            Assert.Null(message);
        }
    }

    /// <summary>"PRIVMSG #c :xxx…" of exactly <paramref name="bytes"/> bytes.</summary>
    private static byte[] BodyOf(int bytes) => Utf8("PRIVMSG #c :" + new string('x', bytes - "PRIVMSG #c :".Length));

    /// <summary>"@k=vvv… " of exactly <paramref name="bytes"/> bytes, the space included.</summary>
    private static byte[] TagsOf(int bytes) => Utf8("@k=" + new string('v', bytes - "@k= ".Length) + " ");
}
