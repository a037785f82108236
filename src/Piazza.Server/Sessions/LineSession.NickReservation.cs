using Piazza.Core;
using Piazza.Server.Operators;

namespace Piazza.Server.Sessions;

/// <summary>
/// A registered nick is reserved (docs/protocol-irc.md "Accounts"): a member that takes one
/// without being logged in to its account is told at once, and renamed to a guest nick when
/// <c>Accounts:NickGraceSeconds</c> pass unless it logs in to that account or changes nick
/// meanwhile. The watch is a <see cref="NickReservation"/>; the rename runs on the read loop,
/// woken by the watch's timer (<see cref="WakeReadLoop"/>), as a member's nick is changed only by
/// its own session.
/// </summary>
internal abstract partial class LineSession
{
    private readonly TimeSpan _nickGrace;

    // Read loop only. The watch is made with the first registered nick the member takes (most
    // sessions never need one); the nick last reviewed lets a line that changed no nick cost one
    // reference comparison.
    private NickReservation? _reservation;
    private string? _reviewedNick;

    // 1 while a timer has asked the read loop to wake (any thread sets it, the read loop clears it).
    private int _wakeRequested;

    /// <summary>Tells the client that <paramref name="nick"/> is registered and how to keep it: log in within <paramref name="grace"/>.</summary>
    protected abstract void WarnNickReserved(string nick, TimeSpan grace);

    /// <summary>Tells the client it lost <paramref name="nick"/> (its grace ran out) and shows it its own nick change.</summary>
    protected abstract void TellRenamedToGuest(string nick, ChatEvent changed, TimeSpan grace);

    /// <summary>
    /// For the read loop, after each line and after connecting: a nick taken since the last review
    /// that is someone's account starts a watch (and the client is told); a nick changed away, or a
    /// login to the watched nick's account, ends it.
    /// </summary>
    private void ReviewNick()
    {
        if (_nickGrace == TimeSpan.Zero || Joined is not { } member)
        {
            return;
        }

        var nick = member.Nick;
        if (!ReferenceEquals(nick, _reviewedNick))
        {
            _reviewedNick = nick;
            var watched = _reservation?.Nick;
            if (watched is null || !NickName.Comparer.Equals(watched, nick))
            {
                // A change of case only keeps the watch (and its deadline) as it was.
                _reservation?.Disarm();
                if (Hub.Accounts.IsRegistered(nick) && !IsLoggedInTo(member, nick))
                {
                    _reservation ??= new NickReservation(Hub.Time, _nickGrace, WakeReadLoop);
                    _reservation.Arm(nick);
                    WarnNickReserved(nick, _nickGrace);
                }
            }
        }

        if (_reservation?.Nick is { } held && IsLoggedInTo(member, held))
        {
            _reservation.Disarm();
        }
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

        if (!NickName.Comparer.Equals(member.Nick, nick) || IsLoggedInTo(member, nick))
        {
            return;
        }

        var changed = Hub.RenameToGuest(member);
        _reviewedNick = member.Nick;
        LogRenamedFromReservedNick(Logger, Address, ProtocolName, nick, member.Nick);
        TellRenamedToGuest(nick, changed, _nickGrace);
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
