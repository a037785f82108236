namespace Piazza.Core;

/// <summary>
/// A connected client as the core sees it: who it is, which rooms it is in, and the sink that
/// reaches its session.
/// </summary>
/// <remarks>
/// Every member holds a nickname in the hub's registry, so every protocol can name it: the one
/// it chose, or until then a guest nick (<c>Guest42</c>) that IRC users see while plain users
/// see the seed's <c>ip:port</c>. Threading: the member's own session changes its nick, rooms,
/// current room and away state, one request at a time; other threads read them. The room list
/// is guarded by <see cref="Gate"/>; the rest are single references, read without a lock.
/// </remarks>
public sealed class Member
{
    private readonly List<Room> _rooms = [];
    private volatile string _nick;
    private volatile bool _hasChosenNick;
    private volatile Room? _currentRoom;
    private volatile string? _away;
    private volatile string _realName;
    private volatile string? _operatorName;
    private volatile bool _wantsWallops;
    private volatile bool _invisible;
    private volatile bool _isBot;
    private volatile string? _account;

    internal Member(long id, MemberInfo info, string nick, bool chosen, IMemberSink sink, DateTimeOffset connectedAt)
    {
        Id = id;
        NodeMemberId = id;
        NickHolder = info.NickHolder ?? "m" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Address = info.Address;
        Host = info.Host;
        User = info.User;
        _realName = info.RealName;
        Sink = sink;
        ConnectedAt = connectedAt;
        _nick = nick;
        _hasChosenNick = chosen;
        _account = info.Account;
        IsSecure = info.IsSecure;
    }

    /// <summary>
    /// The cluster node the member is connected to when it is not this one (a stand-in this node
    /// keeps so its members see the others' in NAMES and WHO, with no session here); null for a
    /// member of this node.
    /// </summary>
    public string? Node { get; internal init; }

    /// <summary>What the member holds its nick under across a cluster (<see cref="Cluster.IClusterLink.ClaimNickAsync"/>): unique on this node.</summary>
    public string NickHolder { get; }

    /// <summary>The member's <see cref="Id"/> on its own <see cref="Node"/>; this node's id otherwise.</summary>
    internal long NodeMemberId { get; init; }

    /// <summary>Whether the client's connection is encrypted (TLS), as it connected.</summary>
    public bool IsSecure { get; }

    /// <summary>Unique for the life of the process.</summary>
    public long Id { get; }

    /// <summary>The client's <c>ip:port</c>: the seed's name for a client without a nickname.</summary>
    public string Address { get; }

    /// <summary>The client's IP address.</summary>
    public string Host { get; }

    /// <summary>IRC's user part (<c>~name</c>, or <c>~plain</c> for plain clients).</summary>
    public string User { get; }

    /// <summary>IRC's real name; empty for plain clients.</summary>
    public string RealName
    {
        get => _realName;
        internal set => _realName = value;
    }

    /// <summary>How the core reaches the client's session.</summary>
    public IMemberSink Sink { get; }

    /// <summary>When the client connected.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>The nickname in the registry: the chosen one, else a guest nick. Always a valid IRC nick.</summary>
    public string Nick
    {
        get => _nick;
        internal set => _nick = value;
    }

    /// <summary>True once the member chose its nickname (IRC clients always have).</summary>
    public bool HasChosenNick
    {
        get => _hasChosenNick;
        internal set => _hasChosenNick = value;
    }

    /// <summary>The name plain clients see: the chosen nickname, else <see cref="Address"/>.</summary>
    public string Name => _hasChosenNick ? _nick : Address;

    /// <summary>
    /// The <c>nick!user@host</c> that room and server bans match (<see cref="Bans.BanMask.Identity"/>).
    /// </summary>
    /// <remarks>
    /// Bans are enforced by the hub for both protocols, so their identity is Core's. It is not how
    /// IRC names the member on the wire, though it reads the same: that is Protocol's <c>IrcSource</c>.
    /// </remarks>
    public string BanIdentity => Bans.BanMask.Identity(_nick, User, Host);

    /// <summary>The away message, or null when present.</summary>
    public string? Away
    {
        get => _away;
        internal set => _away = value;
    }

    /// <summary>Where plain text goes; null when in no room.</summary>
    public Room? CurrentRoom
    {
        get => _currentRoom;
        internal set => _currentRoom = value;
    }

    /// <summary>
    /// The operator account (<c>Operators</c> setting) the member logged in as with IRC's OPER or
    /// plain /oper; null for everyone else. Set by its own session, read by anyone.
    /// </summary>
    public string? ServerOperatorName
    {
        get => _operatorName;
        internal set => _operatorName = value;
    }

    /// <summary>
    /// True for a server operator: it may KILL, ban from the server, send WALLOPS, and act as an
    /// operator of any room without being one (docs/protocol-irc.md).
    /// </summary>
    public bool IsServerOperator => _operatorName is not null;

    /// <summary>True when the member asked for WALLOPS (IRC user mode +w); operators get them anyway.</summary>
    public bool WantsWallops
    {
        get => _wantsWallops;
        internal set => _wantsWallops = value;
    }

    /// <summary>
    /// True when the member is invisible (IRC user mode +i): a masked WHO by someone who shares no
    /// room with it does not list it, and LUSERS counts it apart. An exact nick still finds it.
    /// </summary>
    public bool Invisible
    {
        get => _invisible;
        internal set => _invisible = value;
    }

    /// <summary>
    /// True when the member says it is a bot (IRC user mode +B, https://ircv3.net/specs/extensions/bot-mode):
    /// others see it in WHO and WHOIS and in the <c>bot</c> tag on what it sends. Only a label the
    /// member gives itself: the hub treats a bot like anyone else. Set by its own session, read by anyone.
    /// </summary>
    public bool IsBot
    {
        get => _isBot;
        set => _isBot = value;
    }

    /// <summary>
    /// The account the member is logged in to (IRC SASL or REGISTER, plain /login or /register),
    /// as the account is spelled; null when not logged in. Set through the hub by its own session,
    /// read by anyone (WHOIS, the account tag, extended-join).
    /// </summary>
    public string? Account
    {
        get => _account;
        internal set => _account = value;
    }

    /// <summary>Set once the member has left the hub.</summary>
    public bool HasLeft { get; internal set; }

    /// <summary>Guards the room list. Lock order: a member's gate before a room's gate.</summary>
    internal Lock Gate { get; } = new();

    /// <summary>In a cluster, the rooms a member of another node invited this one to (their rooms may not be on this node); guarded by <see cref="Gate"/>.</summary>
    internal List<string>? InvitesFromNodes { get; set; }

    /// <summary>The rooms the member is in, oldest first; guarded by <see cref="Gate"/>.</summary>
    internal List<Room> RoomList => _rooms;

    /// <summary>A copy of the rooms the member is in, oldest join first.</summary>
    public Room[] Rooms
    {
        get
        {
            lock (Gate)
            {
                return [.. _rooms];
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
