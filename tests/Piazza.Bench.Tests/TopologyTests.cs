using Piazza.Bench.Measure;

namespace Piazza.Bench.Tests;

public class TopologyTests
{
    [Fact]
    public void Fanout_is_one_room_with_the_first_clients_sending()
    {
        var topology = new Topology(clients: 100, roomSize: 100, sendersPerRoom: 10);

        Assert.Equal(1, topology.Rooms);
        Assert.Equal(Enumerable.Range(0, 10), topology.Senders);
        Assert.Equal(99, topology.AudienceOf(0, selfDelivery: false));
        Assert.Equal(100, topology.AudienceOf(0, selfDelivery: true));
        Assert.Equal("bench", topology.RoomName(0));
    }

    [Fact]
    public void Rooms_fill_in_order_and_the_last_may_be_smaller()
    {
        var topology = new Topology(clients: 12, roomSize: 5, sendersPerRoom: 2);

        Assert.Equal(3, topology.Rooms);
        Assert.Equal([0, 1, 5, 6, 10, 11], topology.Senders);
        Assert.Equal(2, topology.SizeOf(2));
        Assert.Equal(1, topology.AudienceOf(2, selfDelivery: false));
        Assert.Equal(2, topology.RoomOf(11));
        Assert.Equal(10, topology.FirstMember(2));
        Assert.Equal("r2", topology.RoomName(2));
    }

    [Fact]
    public void A_tag_gives_the_run_rooms_of_its_own()
    {
        Assert.Equal("bench-xyz", new Topology(4, 4, 1, "xyz").RoomName(0));
        Assert.Equal("r1-xyz", new Topology(4, 2, 1, "xyz").RoomName(1));
    }

    [Fact]
    public void Senders_never_outnumber_a_room()
    {
        var topology = new Topology(clients: 7, roomSize: 3, sendersPerRoom: 5);

        Assert.Equal(3, topology.SendersPerRoom);
        Assert.Equal(1, topology.SendersIn(2));
        Assert.Equal(7, topology.Senders.Count());
    }
}
