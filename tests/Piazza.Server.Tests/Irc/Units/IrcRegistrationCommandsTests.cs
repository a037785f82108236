using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Irc;
using Piazza.Server.Accounts;
using Piazza.Server.History;
using Piazza.Server.Irc;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>
/// Registration as the commands drive it, against a hub and a recording context: when the client
/// enters the hub, and when the session is ended instead. (IrcRegistrationStateTests covers the
/// state alone; IrcRegistrationTests the wire.)
/// </summary>
public sealed class IrcRegistrationCommandsTests : IDisposable
{
    private readonly ChatHub _hub = new(new ChatOptions(), TimeProvider.System);
    private readonly AccountAuthenticator _accounts = new(Options.Create(new AccountOptions()), TimeProvider.System, NullLogger<AccountAuthenticator>.Instance);
    private readonly RecordingContext _context;
    private readonly IrcRegistration _registration = new();
    private readonly IrcRegistrationCommands _commands;

    public IrcRegistrationCommandsTests()
    {
        _context = new RecordingContext(_hub);
        _commands = new IrcRegistrationCommands(_context, _context, _registration, new IrcServerInfoCommands(_context, new HistoryOptions()), new IrcAccountCommands(_context, _context, _registration, _accounts), NullLogger.Instance);
    }

    public void Dispose() => _accounts.Dispose();

    [Fact]
    public async Task Nick_and_user_enter_the_hub_and_the_client_is_welcomed()
    {
        await _commands.NickAsync(RecordingContext.Parse("NICK ann"));
        Assert.False(_context.Entered);

        await _commands.UserAsync(RecordingContext.Parse("USER ann 0 * :Ann Example"));

        Assert.True(_context.Entered);
        Assert.True(_registration.IsComplete);
        Assert.Equal(("ann", "~ann", "Ann Example"), (_context.Member.Nick, _context.Member.User, _context.Member.RealName));
        Assert.Equal($"{IrcNumerics.RplWelcome} Welcome to the TestNet IRC network, ann!~ann@host", _context.Replies[0]);
    }

    [Fact]
    public async Task Cap_negotiation_holds_registration_until_it_ends()
    {
        await _commands.CapAsync(RecordingContext.Parse("CAP LS 302"));
        await _commands.NickAsync(RecordingContext.Parse("NICK ann"));
        await _commands.UserAsync(RecordingContext.Parse("USER ann 0 * :Ann"));
        await _commands.CapAsync(RecordingContext.Parse("CAP REQ :batch"));
        Assert.False(_context.Entered);
        Assert.StartsWith("CAP * LS ", _context.Replies[0], StringComparison.Ordinal);
        Assert.Equal("CAP * ACK batch", _context.Replies[1]);

        await _commands.CapAsync(RecordingContext.Parse("CAP END"));

        Assert.True(_context.Entered);
        Assert.True(_context.Caps.Has(IrcCaps.Batch | IrcCaps.CapNotify));
    }

    [Fact]
    public async Task A_wrong_password_ends_the_session_without_entering()
    {
        _context.Irc.Password = "secret";

        await _commands.PassAsync(RecordingContext.Parse("PASS guess"));
        await _commands.NickAsync(RecordingContext.Parse("NICK ann"));
        await _commands.UserAsync(RecordingContext.Parse("USER ann 0 * :Ann"));

        Assert.False(_context.Entered);
        Assert.Equal([$"{IrcNumerics.ErrPasswdMismatch} Password incorrect"], _context.Replies);
        Assert.Equal(("Closing Link: password incorrect", "password incorrect"), _context.EndedWith);
    }

    [Fact]
    public async Task A_banned_client_is_refused_at_registration_and_cut_when_a_new_nick_is_banned()
    {
        _hub.ServerBans.TryAdd(new ServerBan("bad*!*@*", ServerBanKind.Mask, "spam", "root", _hub.ServerBans.Now, null));

        await _commands.NickAsync(RecordingContext.Parse("NICK badger"));
        await _commands.UserAsync(RecordingContext.Parse("USER b 0 * :B"));
        Assert.False(_context.Entered);
        Assert.Equal(("Closing Link: host (Banned (spam))", "Banned (spam)"), _context.EndedWith);

        var context = new RecordingContext(_hub);
        var registration = new IrcRegistration();
        var commands = new IrcRegistrationCommands(context, context, registration, new IrcServerInfoCommands(context, new HistoryOptions()), new IrcAccountCommands(context, context, registration, _accounts), NullLogger.Instance);
        await commands.NickAsync(RecordingContext.Parse("NICK ann"));
        await commands.UserAsync(RecordingContext.Parse("USER ann 0 * :Ann"));
        Assert.True(context.Entered);
        context.Replies.Clear();

        await commands.NickAsync(RecordingContext.Parse("NICK badly"));

        Assert.Equal([":ann!~ann@host NICK badly"], context.Replies);
        Assert.Equal("Banned (spam)", context.CutWith);
    }

    [Fact]
    public async Task User_with_an_empty_real_name_is_refused_as_not_enough_parameters()
    {
        await _commands.NickAsync(RecordingContext.Parse("NICK ann"));
        await _commands.UserAsync(RecordingContext.Parse("USER ann * * :"));

        Assert.False(_context.Entered);
        Assert.False(_registration.IsComplete);
        Assert.Equal([$"{IrcNumerics.ErrNeedMoreParams} USER Not enough parameters"], _context.Replies);

        await _commands.UserAsync(RecordingContext.Parse("USER ann * * :Ann"));

        Assert.True(_context.Entered);
    }

    [Fact]
    public async Task A_nick_in_use_is_refused_before_registration()
    {
        _context.Connect("ann");

        await _commands.NickAsync(RecordingContext.Parse("NICK ann"));
        await _commands.UserAsync(RecordingContext.Parse("USER ann 0 * :Ann"));

        Assert.False(_context.Entered);
        Assert.Equal([$"{IrcNumerics.ErrNicknameInUse} ann Nickname is already in use"], _context.Replies);
    }

    [Fact]
    public async Task Quit_ends_the_session_with_the_reason_others_see()
    {
        await _commands.QuitAsync(RecordingContext.Parse("QUIT :gone fishing"));

        Assert.Equal(("Closing Link: host (Quit: gone fishing)", "Quit: gone fishing"), _context.EndedWith);
    }
}
