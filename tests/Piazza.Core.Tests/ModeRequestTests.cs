using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="ModeRequest.Parse"/>.</summary>
public class ModeRequestTests
{
    [Fact]
    public void Signs_switch_and_arguments_are_taken_in_order()
    {
        var request = ModeRequest.Parse("+o-v", ["bob", "alice"]);

        Assert.Equal([new ModeChange(true, 'o', "bob"), new ModeChange(false, 'v', "alice")], request.Changes);
        Assert.Empty(request.Unknown);
        Assert.Empty(request.MissingArgument);
        Assert.False(request.ListBans);
    }

    [Fact]
    public void Without_a_sign_a_change_adds()
    {
        var request = ModeRequest.Parse("o", ["bob"]);

        Assert.Equal([new ModeChange(true, 'o', "bob")], request.Changes);
    }

    [Fact]
    public void Flags_take_no_argument()
    {
        var request = ModeRequest.Parse("+nt-mi", ["ignored"]);

        Assert.Equal(
            [new ModeChange(true, 'n', null), new ModeChange(true, 't', null), new ModeChange(false, 'm', null), new ModeChange(false, 'i', null)],
            request.Changes);
    }

    [Theory]
    [InlineData("+b")]
    [InlineData("b")]
    public void A_ban_with_no_mask_asks_for_the_list(string modes)
    {
        var request = ModeRequest.Parse(modes, []);

        Assert.True(request.ListBans);
        Assert.Empty(request.Changes);
        Assert.Empty(request.MissingArgument);
    }

    [Fact]
    public void A_ban_with_a_mask_is_a_change_not_a_list()
    {
        var request = ModeRequest.Parse("+b", ["bob!*@*"]);

        Assert.False(request.ListBans);
        Assert.Equal([new ModeChange(true, 'b', "bob!*@*")], request.Changes);
    }

    [Fact]
    public void Key_and_limit_take_their_arguments()
    {
        var request = ModeRequest.Parse("+kl", ["key", "5"]);

        Assert.Equal([new ModeChange(true, 'k', "key"), new ModeChange(true, 'l', "5")], request.Changes);
        Assert.Empty(request.MissingArgument);
    }

    [Fact]
    public void Removing_the_key_needs_no_argument()
    {
        var request = ModeRequest.Parse("-k", []);

        Assert.Equal([new ModeChange(false, 'k', null)], request.Changes);
        Assert.Empty(request.MissingArgument);
    }

    [Fact]
    public void Removing_the_limit_takes_no_argument()
    {
        var request = ModeRequest.Parse("-l+o", ["bob"]);

        Assert.Equal([new ModeChange(false, 'l', null), new ModeChange(true, 'o', "bob")], request.Changes);
    }

    [Theory]
    [InlineData("+l", 'l')]
    [InlineData("+k", 'k')]
    [InlineData("+o", 'o')]
    [InlineData("-v", 'v')]
    public void A_mode_that_needs_an_argument_without_one_is_reported(string modes, char missing)
    {
        var request = ModeRequest.Parse(modes, []);

        Assert.Equal([missing], request.MissingArgument);
        Assert.Empty(request.Changes);
    }

    [Fact]
    public void Unknown_letters_are_collected_and_the_rest_parsed()
    {
        var request = ModeRequest.Parse("+nXq-z", []);

        Assert.Equal(['X', 'q', 'z'], request.Unknown);
        Assert.Equal([new ModeChange(true, 'n', null)], request.Changes);
    }

    [Fact]
    public void At_most_four_changes_with_an_argument_are_kept()
    {
        var request = ModeRequest.Parse("+ntoooooo", ["a", "b", "c", "d", "e", "f"]);

        Assert.Equal(["n", "t", "o a", "o b", "o c", "o d"], request.Changes.Select(c => c.Mode + (c.Argument is null ? string.Empty : " " + c.Argument)));
    }

    [Fact]
    public void The_cap_on_changes_with_an_argument_can_be_set()
    {
        var request = ModeRequest.Parse("+vvv", ["a", "b", "c"], maxWithArgument: 2);

        Assert.Equal([new ModeChange(true, 'v', "a"), new ModeChange(true, 'v', "b")], request.Changes);
    }

    [Fact]
    public void Ban_masks_are_passed_on_as_typed_for_the_hub_to_complete()
    {
        var request = ModeRequest.Parse("+b-b+b+b", ["bob", "*@10.0.0.1", "u@h", "bob!"]);

        Assert.Equal(
            [new ModeChange(true, 'b', "bob"), new ModeChange(false, 'b', "*@10.0.0.1"), new ModeChange(true, 'b', "u@h"), new ModeChange(true, 'b', "bob!")],
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
        var request = ModeRequest.Parse(modes, []);

        Assert.NotNull(request);
        Assert.Empty(request.Changes);
    }
}
