using Piazza.Core.Cluster;

namespace Piazza.Core;

public sealed partial class ChatHub
{
    private IClusterLink? _cluster;

    /// <summary>The link to the other nodes of a cluster; null for a single server.</summary>
    public IClusterLink? Cluster => Volatile.Read(ref _cluster);

    /// <summary>The rooms that have a member on this node now (a moment's view): those whose messages the node wants from the others.</summary>
    public IEnumerable<string> OccupiedRoomNames
    {
        get
        {
            foreach (var entry in _rooms)
            {
                if (entry.Value.Count > 0 && !entry.Value.IsClosed)
                {
                    yield return entry.Value.Name;
                }
            }
        }
    }

    /// <summary>Makes this hub a node of a cluster: once, before clients come.</summary>
    public void AttachCluster(IClusterLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (Interlocked.CompareExchange(ref _cluster, link, null) is not null)
        {
            throw new InvalidOperationException("The hub is a node of a cluster already.");
        }
    }

    /// <summary>
    /// Delivers a room message another node accepted to this node's members of the room (none:
    /// nothing happens). The sender is not a member here: a stand-in with its names carries it,
    /// so every protocol shows it as the origin's members saw it. Not stored again: the origin
    /// stored it in the history the nodes share.
    /// </summary>
    public void DeliverFromNode(NodeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_rooms.TryGetValue(message.Room, out var room) || room.IsClosed || room.Count == 0)
        {
            return;
        }

        var from = message.Sender;
        var info = new MemberInfo(from.Address, from.Host, from.User, string.Empty, from.Nick) { Account = from.Account };
        var sender = new Member(Interlocked.Increment(ref _nextMemberId), info, from.Nick, from.ChoseNick, ServiceSink.Instance, message.Time);
        var chatEvent = new ChatEvent(ChatEventKind.Message, sender, room, message.Text, message.Time, style: message.Style)
        {
            Lines = message.Lines,
            Tags = message.Tags,
            MessageId = message.MessageId,
        };
        room.Broadcast(chatEvent, except: null);

        // The origin stored it; a store that keeps rooms' recent tails (the replay on join) adds it there.
        History?.AppendedElsewhere(ToStored(chatEvent, message.Room));
    }

    /// <summary>Tells the other nodes of a message this node accepted in a room.</summary>
    private void PublishToNodes(ChatEvent said, Member member, Room room)
    {
        if (Cluster is not { } cluster)
        {
            return;
        }

        var sender = new NodeSender(member.Nick, member.HasChosenNick, member.Address, member.Host, member.User, member.Account);
        cluster.Publish(new NodeMessage(room.Name, sender, said.Text, said.Style, said.Time, said.MessageId) { Tags = said.Tags, Lines = said.Lines });
    }
}
