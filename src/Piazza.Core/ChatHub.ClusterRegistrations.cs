using Piazza.Core.Cluster;
using Piazza.Core.Registrations;

namespace Piazza.Core;

/// <summary>
/// Registered rooms across the nodes of a cluster: a registration made, changed or ended on one
/// node holds on every node, as the rooms' modes do (<c>ChatHub.ClusterModes.cs</c>). The node
/// where it changed writes it to the store the nodes share; the others only take it.
/// </summary>
public sealed partial class ChatHub
{
    /// <summary>
    /// A room's registration as another node changed it: this node's room takes it (not
    /// storing it again). A node that has the room follows it already (<see cref="Follows"/>); one
    /// that has not learns of it from the room's grain when it needs to (a join, ChanServ). Its end
    /// closes the room here when it has no member here, as UNREGISTER does on one server.
    /// </summary>
    public void ApplyRegistrationFromNode(NodeRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (Cluster is not { } cluster || FindRoom(registration.Room) is not { } room)
        {
            return;
        }

        if (room.TakeRegistration(registration.Registration))
        {
            var name = room.Name;
            _rooms.TryRemove(new KeyValuePair<string, Room>(name, room));
            cluster.RoomVacated(name);
        }
    }

    /// <summary>
    /// In a cluster, before ChanServ answers about <paramref name="roomName"/>: a room this node
    /// does not have (no member here, and registered after this node started) is asked of its
    /// grain, and made here if it is registered, with its settings and topic, as this node would
    /// have made it at its start; from then on the node follows it. Nothing for a single server, a
    /// room this node has, a room not registered, or a cluster that does not answer.
    /// </summary>
    public async Task LearnRegistrationAsync(string roomName, CancellationToken cancellationToken = default)
    {
        if (Cluster is not { } cluster || RoomName.Validate(roomName, Options.MaxRoomNameLength, out var name) is not null || FindRoom(name) is not null
            || await cluster.ViewRoomAsync(name, cancellationToken) is not { Settings: { Registration: { } registration } settings } view)
        {
            return;
        }

        var room = NewRoom(name);
        room.Restore(new StoredRoom(name, registration, settings.Modes, settings.Bans, settings.Exceptions, settings.InviteExceptions));
        if (view.Topic is { } topic)
        {
            TakeTopic(room, topic);
        }

        // Unless a join made the room here meanwhile (it took the grain's view itself).
        if (_rooms.TryAdd(name, room))
        {
            cluster.RoomOccupied(name);
        }
    }

    /// <summary>Tells the other nodes of the room's registration as it is now (null: ended), changed here.</summary>
    private void PublishRegistration(Room room) =>
        Cluster?.PublishRegistration(new NodeRegistration(room.Name, room.Registration));
}
