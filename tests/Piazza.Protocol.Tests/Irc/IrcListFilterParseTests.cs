using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

/// <summary><see cref="IrcListFilter.Parse"/>: LIST items read into conditions, never throwing.</summary>
public class IrcListFilterParseTests
{
    [Fact]
    public void Every_kind_of_item_is_read()
    {
        var filter = IrcListFilter.Parse(">2,<10,C>5,C<60,T>1,T<7,#a*,!#b*,#exact");

        Assert.Equal(2, filter.MoreUsersThan);
        Assert.Equal(10, filter.FewerUsersThan);
        Assert.Equal(5, filter.CreatedMoreThanMinutesAgo);
        Assert.Equal(60, filter.CreatedLessThanMinutesAgo);
        Assert.Equal(1, filter.TopicMoreThanMinutesAgo);
        Assert.Equal(7, filter.TopicLessThanMinutesAgo);
        Assert.Equal(["#a*", "#exact"], filter.Masks);
        Assert.Equal(["#b*"], filter.NotMasks);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",,")]
    [InlineData(">")]
    [InlineData(">-1")]
    [InlineData("<+3")]
    [InlineData("C>")]
    [InlineData("T<9999999999")]
    [InlineData("!")]
    public void Items_that_read_as_nothing_set_nothing(string parameter)
    {
        var filter = IrcListFilter.Parse(parameter);

        Assert.Equal(
            [null, null, null, null, null, null],
            new[] { filter.MoreUsersThan, filter.FewerUsersThan, filter.CreatedMoreThanMinutesAgo, filter.CreatedLessThanMinutesAgo, filter.TopicMoreThanMinutesAgo, filter.TopicLessThanMinutesAgo });
        Assert.Empty(filter.Masks);
        Assert.Empty(filter.NotMasks);
    }

    [Fact]
    public void A_word_starting_with_C_but_no_comparison_is_a_mask()
    {
        Assert.Equal(["Chan*"], IrcListFilter.Parse("Chan*").Masks);
    }

    [Fact]
    public void At_most_MaxItems_items_are_read()
    {
        var parameter = string.Join(',', Enumerable.Range(0, 1000).Select(i => "#c" + i));

        Assert.Equal(IrcListFilter.MaxItems, IrcListFilter.Parse(parameter).Masks.Count);
    }
}
