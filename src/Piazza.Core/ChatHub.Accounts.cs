using Piazza.Core.Accounts;

namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <summary>The registered accounts (the server checks their passwords; the hub only records who is logged in).</summary>
    public AccountList Accounts { get; }

    /// <summary>
    /// Records that <paramref name="member"/> is logged in to <paramref name="account"/> (whose
    /// password the caller has checked); those sharing a room with it or watching its nick receive
    /// the change (IRC's account-notify, extended-monitor). Call from the member's own session.
    /// </summary>
    public ChatEvent LogIn(Member member, AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return SetAccount(member, account.Name);
    }

    /// <summary>Records that <paramref name="member"/> logged out; null when it was not logged in.</summary>
    public ChatEvent? LogOut(Member member) => member.Account is null ? null : SetAccount(member, null);

    private ChatEvent SetAccount(Member member, string? account)
    {
        member.Account = account;
        var changed = NewEvent(ChatEventKind.AccountChange, member, null, account ?? string.Empty);
        var audience = Audience(member.Rooms, member);
        DeliverTo(audience, changed);

        ShowWatchers(changed, audience);
        PublishMemberChangeToNodes(changed);
        return changed;
    }
}
