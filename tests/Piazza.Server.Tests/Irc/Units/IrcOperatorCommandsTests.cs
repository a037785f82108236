using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Irc;
using Piazza.Server.Irc;
using Piazza.Server.Operators;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>KILL, WALLOPS and the server-ban commands against a hub and a recording context. (End to end: IrcOperatorTests, ServerBanTests.)</summary>
public sealed class IrcOperatorCommandsTests : IDisposable
{
    private readonly ChatHub _hub = new(new ChatOptions(), TimeProvider.System);
    private readonly RecordingContext _context;
    private readonly OperatorAuthenticator _accounts = new(Options.Create(new OperatorOptions()), NullLogger<OperatorAuthenticator>.Instance);
    private readonly IrcOperatorCommands _operators;
    private readonly IrcServerBanCommands _bans;
    private readonly IrcStatsCommands _stats;
    private readonly RecordingSink _bob = new();

    public IrcOperatorCommandsTests()
    {
        _context = new RecordingContext(_hub);
        _context.Register("ann");
        _context.Connect("bob", _bob);
        _operators = new IrcOperatorCommands(_context, _accounts, NullLogger.Instance);
        _bans = new IrcServerBanCommands(_context, NullLogger.Instance);
        _stats = new IrcStatsCommands(_context, new IrcCommandCounts());
    }

    public void Dispose() => _accounts.Dispose();

    [Fact]
    public async Task A_plain_user_may_not_kill_wallops_ban_or_read_the_bans()
    {
        await _operators.KillAsync(RecordingContext.Parse("KILL bob"));
        await _operators.WallopsAsync(RecordingContext.Parse("WALLOPS :hear"));
        await _bans.KLineAsync(RecordingContext.Parse("KLINE bob!*@* :spam"));
        await _stats.StatsAsync(RecordingContext.Parse("STATS k"));

        Assert.Equal(Enumerable.Repeat($"{IrcNumerics.ErrNoPrivileges} {IrcOperatorCommands.NotOperator}", 4), _context.Replies);
        Assert.Null(_bob.ClosedWith);
        Assert.Empty(_hub.ServerBans.Active);
    }

    [Fact]
    public async Task An_operator_kills_and_is_told()
    {
        _hub.MakeServerOperator(_context.Member, "root");

        await _operators.KillAsync(RecordingContext.Parse("KILL bob :spam"));
        await _operators.KillAsync(RecordingContext.Parse("KILL nobody"));

        Assert.Equal(ChatHub.KillReason("ann", "spam"), _bob.ClosedWith);
        Assert.Equal(["NOTICE ann Killed bob (spam)", $"{IrcNumerics.ErrNoSuchNick} nobody No such nick/channel"], _context.Replies);
    }

    [Fact]
    public async Task An_operator_bans_lists_and_lifts_a_mask()
    {
        _hub.MakeServerOperator(_context.Member, "root");

        await _bans.KLineAsync(RecordingContext.Parse("KLINE carl!*@* :spam"));
        var ban = Assert.Single(_hub.ServerBans.Active);
        Assert.Equal(("carl!*@*", ServerBanKind.Mask), (ban.Mask, ban.Kind));
        _context.Replies.Clear();

        await _stats.StatsAsync(RecordingContext.Parse("STATS k"));
        await _stats.StatsAsync(RecordingContext.Parse("STATS d"));
        await _bans.UnbanAsync(RecordingContext.Parse("UNKLINE carl!*@*"));
        await _bans.UnbanAsync(RecordingContext.Parse("UNKLINE carl!*@*"));

        Assert.Equal(
            [
                $"{IrcNumerics.RplStatsKLine} K carl!*@* 0 {ban.SetBy} spam",
                $"{IrcNumerics.RplEndOfStats} k End of /STATS report",
                $"{IrcNumerics.RplEndOfStats} d End of /STATS report",
                "NOTICE ann Lifted the server ban on carl!*@*",
                "NOTICE ann No server ban on carl!*@*",
            ],
            _context.Replies);
        Assert.Empty(_hub.ServerBans.Active);
    }
}
