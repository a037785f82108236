using Piazza.Bench.Measure;

namespace Piazza.Bench.Tests;

public class SequenceWindowTests
{
    [Fact]
    public void In_order_arrivals_are_in_order()
    {
        var window = default(SequenceWindow);

        for (uint i = 0; i < 200; i++)
        {
            Assert.Equal(SequenceOutcome.InOrder, window.Record(i));
        }
    }

    [Fact]
    public void A_gap_is_ahead_and_the_missing_one_late()
    {
        var window = default(SequenceWindow);
        window.Record(0);

        Assert.Equal(SequenceOutcome.Ahead, window.Record(2));
        Assert.Equal(SequenceOutcome.Late, window.Record(1));
        Assert.Equal(SequenceOutcome.InOrder, window.Record(3));
    }

    [Fact]
    public void A_repeat_is_a_duplicate_wherever_it_falls()
    {
        var window = default(SequenceWindow);
        for (uint i = 0; i < 10; i++)
        {
            window.Record(i);
        }

        Assert.Equal(SequenceOutcome.Duplicate, window.Record(9));
        Assert.Equal(SequenceOutcome.Duplicate, window.Record(0));
        Assert.Equal(SequenceOutcome.Duplicate, window.Record(5));
    }

    [Fact]
    public void A_late_one_counted_once_is_then_a_duplicate()
    {
        var window = default(SequenceWindow);
        window.Record(0);
        window.Record(5);

        Assert.Equal(SequenceOutcome.Late, window.Record(3));
        Assert.Equal(SequenceOutcome.Duplicate, window.Record(3));
    }

    [Fact]
    public void Far_behind_the_newest_is_too_old_to_tell()
    {
        var window = default(SequenceWindow);
        window.Record(0);
        window.Record(100);

        Assert.Equal(SequenceOutcome.TooOld, window.Record(1));
        Assert.Equal(SequenceOutcome.Late, window.Record(37));
    }

    [Fact]
    public void A_first_message_past_zero_is_ahead()
    {
        var window = default(SequenceWindow);

        Assert.Equal(SequenceOutcome.Ahead, window.Record(7));
        Assert.Equal(SequenceOutcome.InOrder, window.Record(8));
    }
}
