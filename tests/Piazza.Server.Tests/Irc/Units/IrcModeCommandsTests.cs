using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Irc;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>MODE, user and channel, against a hub and a recording context. (End to end: IrcModeTests.)</summary>
public sealed class IrcModeCommandsTests
{
    private readonly ChatHub _hub = new(new ChatOptions(), TimeProvider.System);
    private readonly RecordingContext _context;
    private readonly IrcModeCommands _modes;

    public IrcModeCommandsTests()
    {
        _context = new RecordingContext(_hub);
        _context.Register("ann");
        _modes = new IrcModeCommands(_context);
    }

    [Fact]
    public async Task Own_user_modes_change_and_are_reported_in_order()
    {
        await _modes.ModeAsync(RecordingContext.Parse("MODE ann +wi"));
        await _modes.ModeAsync(RecordingContext.Parse("MODE ann"));
        await _modes.ModeAsync(RecordingContext.Parse("MODE ann -i+i-i"));

        Assert.Equal([":ann MODE ann +iw", $"{IrcNumerics.RplUModeIs} +iw", ":ann MODE ann -i"], _context.Replies);
        Assert.False(_context.Member.Invisible);
        Assert.True(_context.Member.WantsWallops);
    }

    [Fact]
    public async Task Another_user_s_modes_are_refused_and_an_unknown_flag_named()
    {
        _context.Connect("bob");

        await _modes.ModeAsync(RecordingContext.Parse("MODE bob +i"));
        await _modes.ModeAsync(RecordingContext.Parse("MODE nobody +i"));
        await _modes.ModeAsync(RecordingContext.Parse("MODE ann +x"));

        Assert.Equal(
            [
                $"{IrcNumerics.ErrUsersDontMatch} bob Can't change mode for other users",
                $"{IrcNumerics.ErrNoSuchNick} nobody Can't change mode for other users",
                $"{IrcNumerics.ErrUModeUnknownFlag} Unknown MODE flag",
            ],
            _context.Replies);
    }

    [Fact]
    public async Task Channel_modes_are_changed_by_an_operator_only()
    {
        var bob = _context.Connect("bob");
        _hub.Join(bob, "#den", null, out var room, out _, out _);
        _hub.Join(_context.Member, "#den", null, out _, out _, out _);

        await _modes.ModeAsync(RecordingContext.Parse("MODE #den +m"));
        _hub.SetModes(bob, room!, [new ModeChange(true, 'o', "ann")], out _, out _);
        await _modes.ModeAsync(RecordingContext.Parse("MODE #den +mZ"));

        Assert.Equal(
            [
                $"{IrcNumerics.ErrChanOPrivsNeeded} #den You're not channel operator",
                $"{IrcNumerics.ErrUnknownMode} Z is unknown mode char to me",
                ":ann!~ann@host MODE #den +m",
            ],
            _context.Replies);
        Assert.True(room!.Modes.Moderated);
    }

    [Fact]
    public async Task An_over_long_key_gets_696_with_star_for_the_parameter_not_the_key()
    {
        _hub.Join(_context.Member, "#den", null, out var room, out _, out _);
        var longKey = new string('k', ChatHub.MaxKeyLength + 1);
        var bad = "a@b!c";

        await _modes.ModeAsync(RecordingContext.Parse($"MODE #den +k {longKey}"));
        await _modes.ModeAsync(RecordingContext.Parse($"MODE #den +b {bad}"));

        Assert.Equal(
            [
                $"{IrcNumerics.ErrInvalidModeParam} #den k * Invalid mode parameter",
                $"{IrcNumerics.ErrInvalidModeParam} #den b {bad} Invalid mode parameter",
            ],
            _context.Replies);
        Assert.Null(room!.Modes.Key);
    }
}
