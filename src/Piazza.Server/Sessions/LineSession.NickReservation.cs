using Piazza.Core;
using Piazza.Server.Operators;

namespace Piazza.Server.Sessions;

/// <summary>
/// A registered nick is reserved (docs/protocol-irc.md "Accounts"): a member that takes one
/// without being logged in to its account is told at once, and renamed to a guest nick when
/// <c>Accounts:NickGraceSeconds</c> pass unless it logs in to that account or changes nick
/// meanwhile. With <c>Accounts:RequireForNicks</c>, every chosen nick is held so: a member logged
/// in to no account keeps only the guest nick the server gave it. The watch is a
/// <see cref="NickReservation"/>; the rename runs on the read loop, woken by the watch's timer
/// (<see cref="WakeReadLoop"/>), as a member's nick is changed only by its own session.
/// </summary>
internal abstract partial class LineSession
{
    private readonly NickRules _nickRules;

    // Read loop only. The watch is made with the first held nick the member takes (most sessions
    // never need one); the nick and account last reviewed let a line that changed neither cost two
    // reference comparisons. The guest nick the server last gave is one a member may keep
    // without an account under RequireForNicks; why the watched nick is held words the rename.
    private NickReservation? _reservation;
    private string? _reviewedNick;
    private string? _reviewedAccount;
    private string? _givenGuestNick;
    private NickHoldReason _holdReason;

    // 1 while a timer has asked the read loop to wake (any thread sets it, the read loop clears it).
    private int _wakeRequested;

    /// <summary>Tells the client why <paramref name="nick"/> is held and how to keep it: log in within <paramref name="grace"/>.</summary>
    protected abstract void WarnNickReserved(string nick, NickHoldReason reason, TimeSpan grace);

    /// <summary>Tells the client it lost <paramref name="nick"/> (its grace ran out) and shows it its own nick change.</summary>
    protected abstract void TellRenamedToGuest(string nick, NickHoldReason reason, ChatEvent changed, TimeSpan grace);

    /// <summary>
    /// For the read loop, after each line and after connecting: a nick or account changed since the
    /// last review is judged again. A held nick not watched yet starts a watch (and the client is
    /// told); a nick no longer held (changed away, or logged in to) ends it. A change of case only
    /// keeps the watch, and its deadline, as it was.
    /// </summary>
    private void ReviewNick()
    {
        if (_nickRules.Grace == TimeSpan.Zero || Joined is not { } member)
        {
            return;
        }

        var nick = member.Nick;
        var account = member.Account;
        var nickChanged = !ReferenceEquals(nick, _reviewedNick);
        if (!nickChanged && ReferenceEquals(account, _reviewedAccount))
        {
            return;
        }

        // A logout starts a watch only where every nick needs an account: otherwise the nick of
        // one's own account stays one's own after /logout (one proved it is).
        var loggedOut = account is null && _reviewedAccount is not null;
        _reviewedNick = nick;
        _reviewedAccount = account;
        if (WhyHeld(member, nick) is not { } reason)
        {
            _reservation?.Disarm();
            return;
        }

        if ((!nickChanged && !(loggedOut && _nickRules.RequireAccount))
            || (_reservation?.Nick is { } watched && NickName.Comparer.Equals(watched, nick)))
        {
            return;
        }

        _reservation ??= new NickReservation(Hub.Time, _nickRules.Grace, WakeReadLoop);
        _reservation.Arm(nick);
        _holdReason = reason;
        WarnNickReserved(nick, reason, _nickRules.Grace);
    }

    /// <summary>Why <paramref name="member"/> may not keep <paramref name="nick"/> without logging in, or null when it may.</summary>
    private NickHoldReason? WhyHeld(Member member, string nick)
    {
        if (Hub.Accounts.IsRegistered(nick) && !IsLoggedInTo(member, nick))
        {
            return NickHoldReason.Registered;
        }

        // A plain user that never chose a nick is its ip:port, and a guest nick the server gave is
        // where a member is sent: neither needs an account.
        var isGuest = !member.HasChosenNick || (_givenGuestNick is { } given && NickName.Comparer.Equals(given, nick));
        return _nickRules.RequireAccount && member.Account is null && !isGuest ? NickHoldReason.AccountRequired : null;
    }

    /// <summary>
    /// For the read loop, woken by <see cref="WakeReadLoop"/>: renames the member if its grace is
    /// over and it still holds the nick without being logged in to it. A server ban on the guest
    /// nick closes the session (the next read ends it).
    /// </summary>
    private void OnWoken()
    {
        if (_reservation?.TakeIfDue() is not { } nick || Joined is not { } member || member.HasLeft)
        {
            return;
        }

        if (!NickName.Comparer.Equals(member.Nick, nick) || WhyHeld(member, nick) is null)
        {
            return;
        }

        var changed = Hub.RenameToGuest(member);
        _givenGuestNick = member.Nick;
        _reviewedNick = member.Nick;
        LogRenamedFromReservedNick(Logger, Address, ProtocolName, nick, member.Nick, _holdReason);
        TellRenamedToGuest(nick, _holdReason, changed, _nickRules.Grace);
        if (Hub.BanFor(member) is { } ban)
        {
            // A mask ban on guest nicks (Guest*!*@*): cut, as a /nick to a banned nick is.
            OperatorLog.BannedClientRefused(Logger, member.BanIdentity, Address, ban.Mask, ban.Reason);
            Close(ban.ClientReason);
        }
    }

    /// <summary>
    /// Any thread: asks the read loop to run <see cref="OnWoken"/> between two reads. The flag is
    /// set before the pending read is cancelled, so the read loop, seeing the cancelled read, sees
    /// the flag; a read that is not pending now is cancelled when it starts (the pipe keeps the
    /// cancellation), so a wake is never lost, only run after the lines already being handled.
    /// </summary>
    private void WakeReadLoop()
    {
        Volatile.Write(ref _wakeRequested, 1);
        _connection.Transport.Input.CancelPendingRead();
    }

    /// <summary>For the read loop, on a cancelled read: true when it was a wake (and not a close), which is taken.</summary>
    private bool TakeWake() => Volatile.Read(ref _closeReason) is null && Interlocked.Exchange(ref _wakeRequested, 0) == 1;

    private static bool IsLoggedInTo(Member member, string nick) =>
        member.Account is { } account && NickName.Comparer.Equals(account, nick);
}
