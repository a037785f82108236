namespace Piazza.Core;

public sealed partial class ChatHub
{
    private long _nextNickHolder;

    /// <summary>A key, unique on this node, for a session to claim nicks under before it is a member (<see cref="MemberInfo.NickHolder"/>).</summary>
    public string NewNickHolder() => "s" + Interlocked.Increment(ref _nextNickHolder).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Claims <paramref name="nick"/> across the cluster for <paramref name="holder"/> before a
    /// session takes it (registering, or changing nick): true when no member of any node holds it
    /// (or the holder does). A single server answers true at once: its own registry decides, as
    /// ever, when the nick is taken. A node asks here first (a member of this node holding it is
    /// known without asking), then the cluster.
    /// </summary>
    public Task<bool> ClaimNickAsync(string nick, string holder, CancellationToken cancellationToken = default)
    {
        if (Cluster is not { } cluster || NickName.Validate(nick, Options.MaxNickLength) is not null)
        {
            return Task.FromResult(true);
        }

        if (FindNick(nick) is { } member && !string.Equals(member.NickHolder, holder, StringComparison.Ordinal))
        {
            return Task.FromResult(false);
        }

        return cluster.ClaimNickAsync(nick, holder, cancellationToken);
    }

    /// <summary>Gives up a claim <paramref name="holder"/> made and did not use (its session left before registering, or the change failed here).</summary>
    public void ReleaseNickClaim(string nick, string holder)
    {
        if (Cluster is { } cluster && !(FindNick(nick) is { } member && string.Equals(member.NickHolder, holder, StringComparison.Ordinal)))
        {
            cluster.ReleaseNick(nick, holder);
        }
    }

    /// <summary>The member of this node holds its nick no more: a claim of it across the cluster is given up.</summary>
    private void ReleaseClusterNick(Member member, string nick)
    {
        if (member.HasChosenNick && member.Node is null)
        {
            Cluster?.ReleaseNick(nick, member.NickHolder);
        }
    }
}
