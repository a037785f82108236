using System.Net;
using System.Net.Sockets;

using Piazza.Server.Transport;

namespace Piazza.Server.Tests.Transport;

/// <summary>
/// The descriptor reserve's rule (a socket whose number lies within the last N below the limit
/// reaches it; room means the next number is below them) and how this process's table is read.
/// </summary>
public sealed class DescriptorReserveTests
{
    [Fact]
    public void The_soft_limit_is_read_from_the_limits_file()
    {
        string[] limits =
        [
            "Limit                     Soft Limit           Hard Limit           Units     ",
            "Max cpu time              unlimited            unlimited            seconds   ",
            "Max open files            1024                 524288               files     ",
            "Max locked memory         8388608              8388608              bytes     ",
        ];

        Assert.Equal(1024, ProcessDescriptors.ParseLimit(limits));
        Assert.Null(ProcessDescriptors.ParseLimit(["Max open files            unlimited            unlimited            files"]));
        Assert.Null(ProcessDescriptors.ParseLimit(["Max processes             63704                63704                processes"]));
    }

    [Fact]
    public void This_process_table_is_read_on_Linux()
    {
        var descriptors = new ProcessDescriptors();
        if (!OperatingSystem.IsLinux())
        {
            // No /proc/self/limits: the reserve is off.
            Assert.Null(descriptors.ReadLimit());
            return;
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        Assert.True(descriptors.ReadLimit() > 2);
        Assert.True(descriptors.LowestFree() > 2);
        Assert.True(descriptors.DescriptorOf(socket) > 2);
    }

    [Theory]
    [InlineData(95, false)]
    [InlineData(96, true)]
    [InlineData(99, true)]
    public void A_socket_reaches_the_reserve_within_the_last_descriptors_below_the_limit(long descriptor, bool reaches)
    {
        var reserve = new DescriptorReserve(4, new FakeDescriptors { Limit = 100, Next = descriptor });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        Assert.Equal(reaches, reserve.Reaches(socket, 4, out var found));
        Assert.Equal(descriptor, found);
    }

    [Fact]
    public void Off_when_its_size_is_0_or_the_limit_is_unknown()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var none = new DescriptorReserve(0, new FakeDescriptors { Limit = 100, Next = 99 });
        var unknown = new DescriptorReserve(4, new FakeDescriptors { Limit = null, Next = 99 });

        Assert.False(none.IsOn);
        Assert.False(none.Reaches(socket, 4, out _));
        Assert.False(unknown.IsOn);
        Assert.False(unknown.Reaches(socket, 4, out _));
    }

    [Fact]
    public void Room_is_the_next_descriptor_below_the_reserve_with_the_limit_read_again()
    {
        var descriptors = new FakeDescriptors { Limit = 100, LowestFreeNow = 96 };
        var reserve = new DescriptorReserve(4, descriptors);
        Assert.False(reserve.HasRoom(4));

        // Raised while the server runs (prlimit --pid): room, with the same table.
        descriptors.Limit = 200;
        Assert.True(reserve.HasRoom(4));
        Assert.Equal(200, reserve.Limit);
    }

    [Fact]
    public void No_room_when_nothing_can_be_opened_even_with_the_reserve_off()
    {
        var descriptors = new FakeDescriptors { Limit = 100, LowestFreeNow = null };

        Assert.False(new DescriptorReserve(4, descriptors).HasRoom(4));
        Assert.False(new DescriptorReserve(0, descriptors).HasRoom(0));
        descriptors.LowestFreeNow = 99;
        Assert.True(new DescriptorReserve(0, descriptors).HasRoom(0));
    }
}
