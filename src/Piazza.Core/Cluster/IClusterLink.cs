using Piazza.Core.Accounts;

namespace Piazza.Core.Cluster;

/// <summary>
/// How a node's hub reaches the other nodes of a cluster (Piazza.Cluster implements it over
/// Orleans; a single server has none). Calls come from sessions' threads and must not block:
/// an implementation queues and returns.
/// </summary>
public interface IClusterLink
{
    /// <summary>
    /// A message this node accepted. A room message is held, shown to no one yet: once it is
    /// committed to the shared history and the room's grain has placed it, the other nodes'
    /// members of the room receive it and the link calls <see cref="ChatHub.ShowHeld"/> here (at
    /// once, if it cannot queue it). A private message goes to its recipient's node once it is
    /// committed, when it is one the history keeps; its sender's node shows it (ShowHeld) then.
    /// </summary>
    void Publish(NodeMessage message);

    /// <summary>
    /// A held private message to a member of this node (it crosses to no other node): once the
    /// shared history has committed it, in turn with the other messages this node queued, the link
    /// calls <see cref="ChatHub.ShowHeld"/> here (at once, if it cannot queue it).
    /// </summary>
    void ShowWhenStored(string messageId);

    /// <summary>A member of this node joined, left, was kicked from, quit or was renamed in a room: the other nodes' rosters of the room follow.</summary>
    void PublishRoster(NodeRosterChange change);

    /// <summary>A member of this node changed its away message, real name or account: <paramref name="node"/>, which has members in a room with it, shows them (through its mailbox).</summary>
    void PublishMemberChange(string node, NodeMemberChange change);

    /// <summary>A member of this node set a room's topic (or cleared it): the other nodes' rooms follow.</summary>
    void PublishTopic(NodeTopic topic);

    /// <summary>A member of this node (or ChanServ here) changed a room's modes or a member's +o or +v in it: the other nodes' rooms follow.</summary>
    void PublishModes(NodeModes modes);

    /// <summary>
    /// A member of this node registered a room, changed its operator accounts or ended its
    /// registration (this node has written it to the store): the other nodes' rooms follow, and the
    /// room's grain keeps it for the nodes that come to the room later.
    /// </summary>
    void PublishRegistration(NodeRegistration registration);

    /// <summary>
    /// A member of this node renamed a room (this node has moved its history): the other nodes'
    /// rooms take the new name, after the room's messages said before it.
    /// </summary>
    void PublishRename(NodeRename rename);

    /// <summary>A member of this node invited a member of another node to a room: that node records it and tells its member.</summary>
    void PublishInvite(NodeInvite invite);

    /// <summary>
    /// A server operator of this node set or lifted a server ban (this node has tried to write it to
    /// the store first): every other node takes it, and cuts its members the ban matches.
    /// </summary>
    void PublishServerBan(NodeServerBan change);

    /// <summary>
    /// An account was registered on this node (written to the store first): every other node takes
    /// it, so its name is a reserved nick there at once.
    /// </summary>
    void PublishAccount(AccountRecord account);

    /// <summary>A server operator here set the operator flag of <paramref name="account"/> (and stored it): every other node takes the flag (<see cref="ChatHub.ApplyOperatorFlagFromNode"/>).</summary>
    void PublishOperatorFlag(AccountRecord account);

    /// <summary>
    /// What the cluster knows of a room (its grain's view): asked before a member joins a room this
    /// node has no member in, so the join passes the room's own door and sees its members. Null
    /// when the cluster does not answer in time (the join goes on with what this node knows).
    /// </summary>
    Task<NodeRoomView?> ViewRoomAsync(string roomName, CancellationToken cancellationToken);

    /// <summary>Completes once this node is subscribed to the room (its grain knows this node's members of it); at once if it is.</summary>
    Task WhenSubscribedAsync(string roomName, CancellationToken cancellationToken);

    /// <summary>
    /// Claims <paramref name="nick"/> across the cluster for <paramref name="holder"/> (a member's
    /// or a registering session's <see cref="Member.NickHolder"/>): true when it is free there or
    /// the holder's already, false when a member of any node holds it.
    /// </summary>
    Task<bool> ClaimNickAsync(string nick, string holder, CancellationToken cancellationToken);

    /// <summary>The node whose member holds <paramref name="nick"/> (its nick grain's holder), or null when none does or the cluster does not answer in time.</summary>
    Task<string?> LocateNickAsync(string nick, CancellationToken cancellationToken);

    /// <summary>
    /// The member of <paramref name="node"/> named <paramref name="nick"/> as its node shows it
    /// (names, account; its node's id), for WHOIS; null when it has no such member or does not
    /// answer in time.
    /// </summary>
    Task<NodeMember?> DescribeAsync(string node, string nick, CancellationToken cancellationToken);

    /// <summary>
    /// The holder no longer has the nick (it changed it, left, or never got in): queued, no waiting.
    /// The nodes watching the nick (<see cref="WatchNicksAsync"/>) are told it went offline, if it was online.
    /// </summary>
    void ReleaseNick(string nick, string holder);

    /// <summary>
    /// This node's member <paramref name="member"/>, holding <paramref name="nick"/> under
    /// <paramref name="holder"/>, is online with it now (it connected, or took the nick): the nodes
    /// watching the nick are told. Queued, no waiting; in order with <see cref="ReleaseNick"/> of the same nick.
    /// </summary>
    void NickOnline(string nick, string holder, NodeMember member);

    /// <summary>
    /// This node's member <paramref name="member"/>, online with <paramref name="nick"/> under
    /// <paramref name="holder"/>, changed what watchers see with extended-monitor (its away
    /// message, real name or account: <paramref name="kind"/>, to <paramref name="text"/>): the
    /// nodes watching the nick show it to their watchers. Queued, no waiting; in order with <see cref="NickOnline"/>.
    /// </summary>
    void NickChanged(string nick, string holder, NodeMember member, ChatEventKind kind, string text);

    /// <summary>
    /// Someone on this node watches each of <paramref name="nicks"/> now (IRC's MONITOR), where
    /// nobody here did: from now on the link tells the hub when a member of another node takes one
    /// (<see cref="ChatHub.NickOnlineElsewhere"/>) or lets it go (<see cref="ChatHub.NickOfflineElsewhere"/>).
    /// </summary>
    /// <returns>For each nick in order, its holder on another node now.</returns>
    Task<IReadOnlyList<NodeNickHolder>> WatchNicksAsync(IReadOnlyList<string> nicks, CancellationToken cancellationToken);

    /// <summary>Nobody on this node watches <paramref name="nicks"/> any more (a nick watched again meanwhile stays watched): queued, no waiting.</summary>
    void UnwatchNicks(IReadOnlyList<string> nicks);

    /// <summary>
    /// The room has a member on this node now, or is registered here (it may have been already): the
    /// node follows the room, its messages and changes (<see cref="ChatHub.Follows"/>).
    /// </summary>
    void RoomOccupied(string roomName);

    /// <summary>
    /// The room has no member on this node any more, or its registration here ended (either may
    /// have changed back since): the node follows the room only while <see cref="ChatHub.Follows"/> says so.
    /// </summary>
    void RoomVacated(string roomName);
}
