using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

/// <summary><see cref="IrcModeString.Parse"/>: what a client typed, read into changes.</summary>
public class IrcModeStringParseTests
{
    [Fact]
    public void Signs_switch_and_arguments_are_taken_in_order()
    {
        var request = IrcModeString.Parse("+o-v", ["bob", "alice"]);

        Assert.Equal([new IrcModeChange(true, 'o', "bob"), new IrcModeChange(false, 'v', "alice")], request.Changes);
        Assert.Empty(request.Unknown);
        Assert.Empty(request.MissingArgument);
        Assert.False(request.ListBans);
    }

    [Fact]
    public void Without_a_sign_a_change_adds()
    {
        var request = IrcModeString.Parse("o", ["bob"]);

        Assert.Equal([new IrcModeChange(true, 'o', "bob")], request.Changes);
    }

    [Fact]
    public void Flags_take_no_argument()
    {
        var request = IrcModeString.Parse("+nt-mi", ["ignored"]);

        Assert.Equal(
            [new IrcModeChange(true, 'n', null), new IrcModeChange(true, 't', null), new IrcModeChange(false, 'm', null), new IrcModeChange(false, 'i', null)],
            request.Changes);
    }

    [Theory]
    [InlineData("+b")]
    [InlineData("b")]
    public void A_ban_with_no_mask_asks_for_the_list(string modes)
    {
        var request = IrcModeString.Parse(modes, []);

        Assert.True(request.ListBans);
        Assert.Empty(request.Changes);
        Assert.Empty(request.MissingArgument);
    }

    [Fact]
    public void Each_list_mode_without_a_mask_asks_for_its_list_once_in_order()
    {
        var request = IrcModeString.Parse("+Ieb-eI", []);

        Assert.Equal(['I', 'e', 'b'], request.Lists);
        Assert.Empty(request.Changes);
        Assert.Empty(request.MissingArgument);
    }

    [Fact]
    public void Exceptions_with_masks_are_changes()
    {
        var request = IrcModeString.Parse("+e-I", ["bob", "*@example.org"]);

        Assert.Equal([new IrcModeChange(true, 'e', "bob"), new IrcModeChange(false, 'I', "*@example.org")], request.Changes);
        Assert.Empty(request.Lists);
    }

    [Fact]
    public void A_ban_with_a_mask_is_a_change_not_a_list()
    {
        var request = IrcModeString.Parse("+b", ["bob!*@*"]);

        Assert.False(request.ListBans);
        Assert.Equal([new IrcModeChange(true, 'b', "bob!*@*")], request.Changes);
    }

    [Fact]
    public void Key_and_limit_take_their_arguments()
    {
        var request = IrcModeString.Parse("+kl", ["key", "5"]);

        Assert.Equal([new IrcModeChange(true, 'k', "key"), new IrcModeChange(true, 'l', "5")], request.Changes);
        Assert.Empty(request.MissingArgument);
    }

    [Fact]
    public void Removing_the_key_needs_no_argument()
    {
        var request = IrcModeString.Parse("-k", []);

        Assert.Equal([new IrcModeChange(false, 'k', null)], request.Changes);
        Assert.Empty(request.MissingArgument);
    }

    [Fact]
    public void Removing_the_limit_takes_no_argument()
    {
        var request = IrcModeString.Parse("-l+o", ["bob"]);

        Assert.Equal([new IrcModeChange(false, 'l', null), new IrcModeChange(true, 'o', "bob")], request.Changes);
    }

    [Theory]
    [InlineData("+l", 'l')]
    [InlineData("+k", 'k')]
    [InlineData("+o", 'o')]
    [InlineData("-v", 'v')]
    public void A_mode_that_needs_an_argument_without_one_is_reported(string modes, char missing)
    {
        var request = IrcModeString.Parse(modes, []);

        Assert.Equal([missing], request.MissingArgument);
        Assert.Empty(request.Changes);
    }

    [Fact]
    public void Unknown_letters_are_collected_and_the_rest_parsed()
    {
        var request = IrcModeString.Parse("+nXq-z", []);

        Assert.Equal(['X', 'q', 'z'], request.Unknown);
        Assert.Equal([new IrcModeChange(true, 'n', null)], request.Changes);
    }

    [Fact]
    public void At_most_four_changes_with_an_argument_are_kept()
    {
        var request = IrcModeString.Parse("+ntoooooo", ["a", "b", "c", "d", "e", "f"]);

        Assert.Equal(["n", "t", "o a", "o b", "o c", "o d"], request.Changes.Select(c => c.Mode + (c.Argument is null ? string.Empty : " " + c.Argument)));
    }

    [Fact]
    public void The_cap_on_changes_with_an_argument_can_be_set()
    {
        var request = IrcModeString.Parse("+vvv", ["a", "b", "c"], maxWithArgument: 2);

        Assert.Equal([new IrcModeChange(true, 'v', "a"), new IrcModeChange(true, 'v', "b")], request.Changes);
    }

    [Fact]
    public void Ban_masks_are_passed_on_as_typed_for_the_hub_to_complete()
    {
        var request = IrcModeString.Parse("+b-b+b+b", ["bob", "*@10.0.0.1", "u@h", "bob!"]);

        Assert.Equal(
            [new IrcModeChange(true, 'b', "bob"), new IrcModeChange(false, 'b', "*@10.0.0.1"), new IrcModeChange(true, 'b', "u@h"), new IrcModeChange(true, 'b', "bob!")],
            request.Changes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("+-+-")]
    [InlineData("++--o")]
    [InlineData("!@#")]
    public void Odd_input_never_throws(string modes)
    {
        var request = IrcModeString.Parse(modes, []);

        Assert.NotNull(request);
        Assert.Empty(request.Changes);
    }

    [Fact]
    public void A_plus_alone_is_no_change_and_no_complaint()
    {
        var request = IrcModeString.Parse("+", ["stray"]);

        Assert.Empty(request.Changes);
        Assert.Empty(request.Unknown);
        Assert.Empty(request.MissingArgument);
        Assert.False(request.ListBans);
    }

    [Fact]
    public void Nul_and_controls_are_unknown_letters_and_arguments_pass_as_typed()
    {
        var request = IrcModeString.Parse("+\0k\r-\n", ["k\0ey"]);

        Assert.Equal(['\0', '\r', '\n'], request.Unknown);
        Assert.Equal([new IrcModeChange(true, 'k', "k\0ey")], request.Changes);
    }

    [Fact]
    public void Arguments_left_over_are_ignored()
    {
        var request = IrcModeString.Parse("+o", ["bob", "alice", "carol"]);

        Assert.Equal([new IrcModeChange(true, 'o', "bob")], request.Changes);
    }

    [Fact]
    public void Overlong_input_is_read_in_one_pass_keeping_at_most_the_cap_with_arguments()
    {
        var modes = "+" + string.Concat(Enumerable.Repeat("ovblkntmiX", 20_000));
        string[] arguments = [.. Enumerable.Range(0, 100_000).Select(i => "a" + i)];

        var request = IrcModeString.Parse(modes, arguments);

        Assert.Equal(4, request.Changes.Count(c => c.Argument is not null));
        Assert.Equal(20_000, request.Unknown.Count);
        Assert.Equal(20_000 * 4, request.Changes.Count(c => c.Argument is null));
    }

    [Theory]
    [InlineData(51)]
    [InlineData(52)]
    public void Random_input_never_throws(int seed)
    {
        var random = new Random(seed);
        const string alphabet = "+-biklmntovXq\0 :";
        for (var i = 0; i < 5_000; i++)
        {
            var modes = new string([.. Enumerable.Range(0, random.Next(0, 30)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            string[] arguments = [.. Enumerable.Range(0, random.Next(0, 6)).Select(n => n % 2 == 0 ? string.Empty : "x" + n)];

            var request = IrcModeString.Parse(modes, arguments);

            Assert.True(request.Changes.Count + request.Unknown.Count + request.MissingArgument.Count <= modes.Length);
        }
    }
}
