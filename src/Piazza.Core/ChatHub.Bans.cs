using Piazza.Core.Bans;

namespace Piazza.Core;

/// <summary>Server bans: setting and lifting them as an operator, and cutting whoever they match.</summary>
public sealed partial class ChatHub
{
    /// <summary>The server bans in force (docs/ARCHITECTURE.md: who reads and writes them).</summary>
    public ServerBanList ServerBans { get; }

    /// <summary>The server ban in force on <paramref name="member"/> as it is named now, if any. Server operators are never banned.</summary>
    public ServerBan? BanFor(Member member) =>
        member.IsServerOperator ? null : ServerBans.FindFor(member.BanIdentity, member.Host);

    /// <summary>
    /// Bans <paramref name="target"/> (an IP, a CIDR block or a nick!user@host mask; <paramref name="kind"/>,
    /// when given, is the only kind accepted) from the server, as a server operator, for
    /// <paramref name="duration"/> (null: until lifted). Matching members (server operators
    /// aside) are told why and cut at once; then the ban is stored and, in a cluster, holds on
    /// every node (<c>ChatHub.ClusterBans.cs</c>).
    /// </summary>
    public async Task<ServerBanResult> BanAsync(Member member, string target, ServerBanKind? kind, TimeSpan? duration, string reason, CancellationToken cancellationToken = default)
    {
        if (!member.IsServerOperator)
        {
            return new ServerBanResult(ChatError.NotServerOperator, null, 0, null);
        }

        if (ServerBanMask.TryNormalize(target, out var found, out var why) is not { } mask || (kind is { } only && only != found))
        {
            return new ServerBanResult(ChatError.InvalidModeArgument, null, 0, why ?? (kind == ServerBanKind.Address
                ? $"{target} is not an IP address or CIDR block"
                : $"{target} is an address: ban it with DLINE"));
        }

        var now = _time.GetUtcNow();
        var ban = new ServerBan(mask, found, Cut(reason.Length == 0 ? "no reason given" : reason), member.Nick, now, duration is { } d ? now + d : null);
        if (!ServerBans.TryAdd(ban))
        {
            return new ServerBanResult(ChatError.BanListFull, null, 0, $"the server holds {ServerBanList.MaxBans} bans already");
        }

        var cut = CutBanned(ban);
        string? problem = null;
        try
        {
            await ServerBans.StoreAsync(ban, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            problem = $"in force, but not stored, so it ends with a restart: {ex.Message}";
        }

        // After the store, stored or not: in force on every node either way.
        PublishServerBan(ban.Mask, ban);
        return new ServerBanResult(ChatError.None, ban, cut, problem);
    }

    /// <summary>Lifts the server ban on <paramref name="target"/>, as a server operator: here, in the store, and on every node of a cluster.</summary>
    public async Task<ServerBanResult> UnbanAsync(Member member, string target, CancellationToken cancellationToken = default)
    {
        if (!member.IsServerOperator)
        {
            return new ServerBanResult(ChatError.NotServerOperator, null, 0, null);
        }

        if (ServerBanMask.TryNormalize(target, out _, out var why) is not { } mask)
        {
            return new ServerBanResult(ChatError.InvalidModeArgument, null, 0, why);
        }

        var lifted = ServerBans.Remove(mask);
        string? problem = null;
        try
        {
            await ServerBans.ForgetAsync(mask, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            problem = $"lifted, but still stored, so it comes back with a restart: {ex.Message}";
        }

        // Even when none was in force here: lifting is harmless where there is none.
        PublishServerBan(mask, null);

        return new ServerBanResult(lifted is null ? ChatError.NoSuchBan : ChatError.None, lifted, 0, problem);
    }

    /// <summary>
    /// Adds a plain-protocol client as <see cref="Connect(string, string, IMemberSink)"/> does, but
    /// checks server bans on its guest name before it enters the default room, so a banned client
    /// is never seen there: then <paramref name="ban"/> says why, and the member has left again.
    /// </summary>
    /// <param name="address">The client's <c>ip:port</c>.</param>
    /// <param name="host">The client's IP address.</param>
    /// <param name="sink">How the hub reaches the client's session.</param>
    /// <param name="ban">The server ban that matched, or null.</param>
    /// <param name="secure">Whether the connection is encrypted (TLS).</param>
    public Member ConnectUnlessBanned(string address, string host, IMemberSink sink, out ServerBan? ban, bool secure = false)
    {
        Connect(MemberInfo.Plain(address, host) with { IsSecure = secure }, sink, joinDefaultRoom: false, out var member);
        ban = BanFor(member!);
        if (ban is not null)
        {
            Disconnect(member!, ban.ClientReason);
            return member!;
        }

        Enter(member!, DefaultRoom, expectedName: null, out _, out _);
        return member!;
    }

    /// <summary>Tells every member <paramref name="ban"/> matches (server operators aside) why, and closes it; returns how many.</summary>
    public int CutBanned(ServerBan ban)
    {
        var cut = 0;
        foreach (var member in _members.Values)
        {
            if (!member.IsServerOperator && ban.AppliesTo(member.BanIdentity, System.Net.IPAddress.TryParse(member.Host, out var ip) ? ip : null))
            {
                member.Sink.Close(ban.ClientReason);
                cut++;
            }
        }

        return cut;
    }
}

/// <summary>What a ban or unban did.</summary>
/// <param name="Error">None; NotServerOperator; InvalidModeArgument (a bad target, see <paramref name="Problem"/>); BanListFull; for unban, NoSuchBan when none was in force.</param>
/// <param name="Ban">The ban set or lifted.</param>
/// <param name="Cut">How many connected members it cut.</param>
/// <param name="Problem">Why the target was refused, or what went wrong storing it (the ban is in force either way).</param>
public sealed record ServerBanResult(ChatError Error, ServerBan? Ban, int Cut, string? Problem);
