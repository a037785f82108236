using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

/// <summary><see cref="IrcModeString.Format"/> and <see cref="IrcModeString.Parameters"/>: changes written in compact form.</summary>
public class IrcModeStringFormatTests
{
    private static IrcModeChange Plus(char mode, string? argument = null) => new(true, mode, argument);

    private static IrcModeChange Minus(char mode, string? argument = null) => new(false, mode, argument);

    [Fact]
    public void Signs_are_written_only_where_they_change_and_arguments_follow_in_order()
    {
        IrcModeChange[] changes = [Plus('o', "bob"), Plus('k', "key"), Minus('v', "alice"), Minus('l'), Plus('n')];

        Assert.Equal("+ok-vl+n bob key alice", IrcModeString.Format(changes));
        Assert.Equal(["+ok-vl+n", "bob", "key", "alice"], IrcModeString.Parameters(changes));
    }

    [Theory]
    [InlineData('t', "+t")]
    [InlineData('m', "+m")]
    public void One_flag_is_its_sign_and_letter(char mode, string text)
    {
        Assert.Equal(text, IrcModeString.Format([Plus(mode)]));
        Assert.Equal("-" + text[1..], IrcModeString.Format([Minus(mode)]));
    }

    [Fact]
    public void One_change_with_an_argument_reads_as_typed()
    {
        Assert.Equal("+o bob", IrcModeString.Format([Plus('o', "bob")]));
        Assert.Equal("-k *", IrcModeString.Format([Minus('k', "*")]));
        Assert.Equal("+bb a!*@* b!*@*", IrcModeString.Format([Plus('b', "a!*@*"), Plus('b', "b!*@*")]));
    }

    [Fact]
    public void No_changes_is_a_plus_alone()
    {
        Assert.Equal("+", IrcModeString.Format([]));
        Assert.Equal(["+"], IrcModeString.Parameters([]));
    }

    [Fact]
    public void A_room_s_settings_in_letter_order_read_as_rpl_channelmodeis_writes_them()
    {
        IrcModeChange[] settings = [Plus('i'), Plus('k', "s3cret"), Plus('l', "5"), Plus('m'), Plus('n'), Plus('t')];

        Assert.Equal("+iklmnt s3cret 5", IrcModeString.Format(settings));
    }

    [Theory]
    [InlineData(61)]
    [InlineData(62)]
    [InlineData(63)]
    public void What_is_written_reads_back_as_the_same_changes(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 2_000; i++)
        {
            var changes = RandomChanges(random);

            var parameters = IrcModeString.Parameters(changes);
            var request = IrcModeString.Parse(parameters[0], parameters[1..]);

            Assert.Equal(changes, request.Changes);
            Assert.Empty(request.Unknown);
            Assert.Empty(request.MissingArgument);
            Assert.False(request.ListBans);
            Assert.Equal(string.Join(' ', parameters), IrcModeString.Format(changes));
        }
    }

    [Fact]
    public void Odd_changes_are_written_without_throwing()
    {
        Assert.Equal("+\0 ", IrcModeString.Format([Plus('\0', string.Empty)]));
        Assert.Equal("-+ -", IrcModeString.Format([Minus('+', "-")]));
    }

    /// <summary>Changes a hub could apply: known letters, an argument where one is taken, at most four with one.</summary>
    private static List<IrcModeChange> RandomChanges(Random random)
    {
        var changes = new List<IrcModeChange>();
        var withArgument = 0;
        for (var n = random.Next(0, 8); n > 0; n--)
        {
            var add = random.Next(2) == 0;
            var mode = "biklmntov"[random.Next(9)];
            // "-k" goes with an argument, as the hub writes it: without one it would take the next change's.
            var takes = mode is 'b' or 'k' or 'o' or 'v' || (mode == 'l' && add);
            if (takes && withArgument == 4)
            {
                continue;
            }

            withArgument += takes ? 1 : 0;
            changes.Add(new IrcModeChange(add, mode, takes ? "arg" + n : null));
        }

        return changes;
    }
}
