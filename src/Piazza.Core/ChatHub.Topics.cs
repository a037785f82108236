using System.Collections.Concurrent;

using Piazza.Core.History;

namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <summary>The most room topics remembered for rooms that are not open (a limit on what clients can make the server keep).</summary>
    public const int MaxRememberedTopics = 100_000;

    /// <summary>
    /// Every room's last topic, by room name, open or not: a room that closes when its last member
    /// leaves, or that did not exist since a restart, gets it back when it is made again. Loaded
    /// from the history store at start (<see cref="RestoreTopics"/>), kept by every topic change.
    /// </summary>
    private readonly ConcurrentDictionary<string, RoomTopic> _lastTopics = new(RoomName.Comparer);

    /// <summary>
    /// Gives the rooms the topics they had (the store's <see cref="IMessageStore.TopicsAsync"/>),
    /// at start, before any client: the permanent rooms at once, the others when they are made.
    /// </summary>
    public void RestoreTopics(IEnumerable<StoredTopic> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        foreach (var stored in topics.Take(MaxRememberedTopics))
        {
            var topic = new RoomTopic(stored.Text, stored.SetBy, stored.SetAt);
            _lastTopics[stored.Room] = topic;
            if (_rooms.TryGetValue(stored.Room, out var open))
            {
                open.SetTopic(topic);
            }
        }
    }

    /// <summary>A new room of this name, with the topic it last had.</summary>
    private Room NewRoom(string name)
    {
        var room = new Room(name, isDefault: false, isPermanent: false, _newRoomModes, _time.GetUtcNow(), Counters);
        if (_lastTopics.TryGetValue(name, out var topic))
        {
            room.SetTopic(topic);
        }

        return room;
    }

    /// <summary>A room renamed takes its topic to its new name (and none is left under the old one, nor an earlier one under the new).</summary>
    private void MoveTopic(Room room, string oldName, string newName)
    {
        if (!RoomName.Comparer.Equals(oldName, newName))
        {
            _lastTopics.TryRemove(oldName, out _);
        }

        if (room.Topic is { } topic)
        {
            _lastTopics[newName] = topic;
        }
        else
        {
            _lastTopics.TryRemove(newName, out _);
        }
    }

    /// <summary>Remembers <paramref name="room"/>'s new topic (null: cleared) for when the room is made again.</summary>
    private void RememberTopic(Room room, RoomTopic? topic)
    {
        if (topic is null)
        {
            _lastTopics.TryRemove(room.Name, out _);
        }
        else if (_lastTopics.Count < MaxRememberedTopics || _lastTopics.ContainsKey(room.Name))
        {
            _lastTopics[room.Name] = topic;
        }
    }
}
