using Piazza.Core;

namespace Piazza.Core.Tests;

public class ChatOptionsTests
{
    public static TheoryData<string, int> BadLimits()
    {
        var data = new TheoryData<string, int>();
        string[] names =
        [
            nameof(ChatOptions.MaxLineBytes),
            nameof(ChatOptions.MaxSendQueueBytes),
            nameof(ChatOptions.MaxConnections),
            nameof(ChatOptions.MaxRoomsPerMember),
            nameof(ChatOptions.MaxNickLength),
            nameof(ChatOptions.MaxRoomNameLength),
            nameof(ChatOptions.MaxTopicLength),
        ];
        foreach (var name in names)
        {
            data.Add(name, 0);
            data.Add(name, -1);
            data.Add(name, int.MinValue);
        }

        return data;
    }

    [Fact]
    public void The_defaults_are_valid_and_as_documented()
    {
        var options = new ChatOptions();

        options.Validate();

        Assert.Equal("lobby", options.DefaultRoom);
        Assert.Equal(2048, options.MaxLineBytes);
        Assert.Equal(256 * 1024, options.MaxSendQueueBytes);
        Assert.Equal(10_000, options.MaxConnections);
        Assert.Equal(50, options.MaxRoomsPerMember);
        Assert.Equal(30, options.MaxNickLength);
        Assert.Equal(49, options.MaxRoomNameLength);
        Assert.Equal(300, options.MaxTopicLength);
    }

    [Theory]
    [MemberData(nameof(BadLimits))]
    public void A_limit_that_is_not_positive_is_refused_by_name(string property, int value)
    {
        var options = new ChatOptions();
        typeof(ChatOptions).GetProperty(property)!.SetValue(options, value);

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains(property, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_limit_of_one_is_accepted()
    {
        var options = new ChatOptions
        {
            MaxLineBytes = 1,
            MaxSendQueueBytes = 1,
            MaxConnections = 1,
            MaxRoomsPerMember = 1,
            MaxNickLength = 1,
            MaxTopicLength = 1,
            MaxRoomNameLength = 5,
        };

        options.Validate();
    }

    [Theory]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("bad room")]
    [InlineData("a,b")]
    [InlineData("caf\u00e9")]
    [InlineData("waytoolongname")]
    public void An_invalid_default_room_is_refused(string room)
    {
        var options = new ChatOptions { DefaultRoom = room, MaxRoomNameLength = 10 };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains(nameof(ChatOptions.DefaultRoom), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_room_with_a_hash_is_accepted_and_stripped_by_the_hub()
    {
        var hub = TestChat.NewHub(new ChatOptions { DefaultRoom = "#main" });

        Assert.Equal("main", hub.DefaultRoom.Name);
        Assert.Same(hub.DefaultRoom, hub.FindRoom("#MAIN"));
    }

    [Fact]
    public void The_hub_refuses_invalid_options()
    {
        Assert.Throws<InvalidOperationException>(() => TestChat.NewHub(new ChatOptions { MaxTopicLength = 0 }));
    }
}
