using Piazza.Protocol.Line;

namespace Piazza.Protocol.Tests;

public class LineCommandParserTests
{
    [Theory]
    [InlineData("/nick bob", LineCommandKind.Nick, "nick", "bob", "")]
    [InlineData("/join dev", LineCommandKind.Join, "join", "dev", "")]
    [InlineData("/join #dev", LineCommandKind.Join, "join", "#dev", "")]
    [InlineData("/part", LineCommandKind.Part, "part", "", "")]
    [InlineData("/part dev", LineCommandKind.Part, "part", "dev", "")]
    [InlineData("/part dev bye all", LineCommandKind.Part, "part", "dev", "bye all")]
    [InlineData("/rooms", LineCommandKind.Rooms, "rooms", "", "")]
    [InlineData("/list", LineCommandKind.Rooms, "list", "", "")]
    [InlineData("/who", LineCommandKind.Who, "who", "", "")]
    [InlineData("/who dev", LineCommandKind.Who, "who", "dev", "")]
    [InlineData("/names dev", LineCommandKind.Who, "names", "dev", "")]
    [InlineData("/msg bob hello", LineCommandKind.Msg, "msg", "bob", "hello")]
    [InlineData("/msg bob", LineCommandKind.Msg, "msg", "bob", "")]
    [InlineData("/me waves at everyone", LineCommandKind.Me, "me", "", "waves at everyone")]
    [InlineData("/me", LineCommandKind.Me, "me", "", "")]
    [InlineData("/topic a new topic", LineCommandKind.Topic, "topic", "", "a new topic")]
    [InlineData("/topic", LineCommandKind.Topic, "topic", "", "")]
    [InlineData("/help", LineCommandKind.Help, "help", "", "")]
    [InlineData("/quit", LineCommandKind.Quit, "quit", "", "")]
    [InlineData("/quit gone fishing", LineCommandKind.Quit, "quit", "", "gone fishing")]
    [InlineData("/exit", LineCommandKind.Quit, "exit", "", "")]
    [InlineData("/kick bob too loud", LineCommandKind.Kick, "kick", "bob", "too loud")]
    [InlineData("/rename ops  a better name", LineCommandKind.Rename, "rename", "ops", "a better name")]
    [InlineData("/RENAME #ops", LineCommandKind.Rename, "RENAME", "#ops", "")]
    [InlineData("/invite bob", LineCommandKind.Invite, "invite", "bob", "")]
    [InlineData("/mode +o-v bob alice", LineCommandKind.Mode, "mode", "", "+o-v bob alice")]
    [InlineData("/mode", LineCommandKind.Mode, "mode", "", "")]
    [InlineData("/away at lunch", LineCommandKind.Away, "away", "", "at lunch")]
    [InlineData("/join dev sesame", LineCommandKind.Join, "join", "dev", "sesame")]
    [InlineData("/history 50", LineCommandKind.History, "history", "", "50")]
    [InlineData("/oper root pass with spaces", LineCommandKind.Oper, "oper", "root", "pass with spaces")]
    [InlineData("/kill bob go away", LineCommandKind.Kill, "kill", "bob", "go away")]
    [InlineData("/wallops hello ops", LineCommandKind.Wallops, "wallops", "", "hello ops")]
    [InlineData("/ban 10.0.0.0/8 2h bot farm", LineCommandKind.Ban, "ban", "10.0.0.0/8", "2h bot farm")]
    [InlineData("/unban spammer!*@*", LineCommandKind.Unban, "unban", "spammer!*@*", "")]
    [InlineData("/bans", LineCommandKind.Bans, "bans", "", "")]
    public void Each_command_and_alias_parses(string line, LineCommandKind kind, string verb, string target, string text)
    {
        Assert.Equal(new LineCommand(kind, verb, target, text), LineCommandParser.Parse(line));
    }

    [Theory]
    [InlineData("/NICK Bob", LineCommandKind.Nick, "NICK", "Bob")]
    [InlineData("/Join Dev", LineCommandKind.Join, "Join", "Dev")]
    [InlineData("/MsG bob", LineCommandKind.Msg, "MsG", "bob")]
    [InlineData("/LIST", LineCommandKind.Rooms, "LIST", "")]
    [InlineData("/Quit", LineCommandKind.Quit, "Quit", "")]
    public void Verbs_are_case_insensitive_and_kept_as_typed(string line, LineCommandKind kind, string verb, string target)
    {
        var command = LineCommandParser.Parse(line);

        Assert.Equal(kind, command.Kind);
        Assert.Equal(verb, command.Verb);
        Assert.Equal(target, command.Target);
    }

    [Theory]
    [InlineData("exit")]
    [InlineData("  exit  ")]
    [InlineData("\texit\t")]
    public void Bare_exit_is_exit(string line)
    {
        Assert.Equal(new LineCommand(LineCommandKind.Exit, "exit", "", ""), LineCommandParser.Parse(line));
    }

    [Theory]
    [InlineData("exit now")]
    [InlineData("exiting")]
    [InlineData("EXIT")]
    public void Exit_with_more_or_in_another_case_is_text(string line)
    {
        Assert.Equal(new LineCommand(LineCommandKind.Text, "", "", line), LineCommandParser.Parse(line));
    }

    [Theory]
    [InlineData("//text", "/text")]
    [InlineData("//", "/")]
    [InlineData("  //join dev ", "/join dev ")]
    public void A_double_slash_is_text_starting_with_a_slash(string line, string text)
    {
        Assert.Equal(new LineCommand(LineCommandKind.Text, "", "", text), LineCommandParser.Parse(line));
    }

    [Fact]
    public void An_unknown_command_keeps_its_verb_and_rest()
    {
        Assert.Equal(new LineCommand(LineCommandKind.Unknown, "foo", "", "bar baz"), LineCommandParser.Parse("/foo bar baz"));
    }

    [Theory]
    [InlineData("/nicknames")]
    [InlineData("/joinjoinjoin")]
    [InlineData("/averyveryverylongverbindeedthatgoesonandon x")]
    public void A_very_long_verb_is_unknown(string line)
    {
        var command = LineCommandParser.Parse(line);

        Assert.Equal(LineCommandKind.Unknown, command.Kind);
        Assert.Equal(line[1..].Split(' ')[0], command.Verb);
    }

    [Fact]
    public void A_lone_slash_is_unknown_with_an_empty_verb()
    {
        Assert.Equal(new LineCommand(LineCommandKind.Unknown, "", "", ""), LineCommandParser.Parse("/"));
    }

    [Fact]
    public void Msg_keeps_the_inner_spaces_of_its_text()
    {
        Assert.Equal(
            new LineCommand(LineCommandKind.Msg, "msg", "bob", "hello  world"),
            LineCommandParser.Parse("/msg bob hello  world"));
    }

    [Fact]
    public void Arguments_may_be_separated_by_several_spaces_or_tabs()
    {
        Assert.Equal(
            new LineCommand(LineCommandKind.Msg, "msg", "bob", "hi  there"),
            LineCommandParser.Parse("  /msg \t bob\t  hi  there  "));
    }

    [Fact]
    public void Nick_without_an_argument_has_an_empty_target()
    {
        Assert.Equal(new LineCommand(LineCommandKind.Nick, "nick", "", ""), LineCommandParser.Parse("/nick"));
        Assert.Equal(new LineCommand(LineCommandKind.Nick, "nick", "", ""), LineCommandParser.Parse("/nick   "));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t \t")]
    public void An_empty_or_white_line_is_empty(string line)
    {
        Assert.Equal(new LineCommand(LineCommandKind.Empty, "", "", ""), LineCommandParser.Parse(line));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("  indented text")]
    [InlineData("trailing  ")]
    [InlineData(" a / b ")]
    [InlineData("h\u00e9llo \U0001F44B")]
    public void Text_is_kept_exactly_as_sent(string line)
    {
        Assert.Equal(new LineCommand(LineCommandKind.Text, "", "", line), LineCommandParser.Parse(line));
    }

    [Fact]
    public void Random_strings_never_throw()
    {
        var random = new Random(42);
        char[] alphabet = ['/', ' ', '\t', 'a', 'N', 'i', 'c', 'k', 'e', 'x', 't', '\u00e9', '\ud83d', '\udc4b', '\0'];
        for (var run = 0; run < 5000; run++)
        {
            var chars = new char[random.Next(0, 30)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = random.Next(5) == 0 ? (char)random.Next(0x10000) : alphabet[random.Next(alphabet.Length)];
            }

            var line = new string(chars);
            var command = LineCommandParser.Parse(line);

            Assert.True(Enum.IsDefined(command.Kind));
            Assert.NotNull(command.Verb);
            Assert.NotNull(command.Target);
            Assert.NotNull(command.Text);
            if (command.Kind == LineCommandKind.Text)
            {
                Assert.EndsWith(command.Text, line, StringComparison.Ordinal);
            }
        }
    }
}
