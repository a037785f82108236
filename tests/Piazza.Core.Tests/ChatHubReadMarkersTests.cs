using Piazza.Core.Accounts;
using Piazza.Core.ReadMarkers;

namespace Piazza.Core.Tests;

/// <summary>Where a read marker that moved is shown: the other members logged in to its account.</summary>
public sealed class ChatHubReadMarkersTests
{
    private readonly ChatHub _hub = TestChat.NewHub();

    [Fact]
    public void The_other_sessions_of_an_account_are_those_logged_in_to_it_in_any_case_but_the_asker()
    {
        var alice = new AccountRecord("alice", "hash", DateTimeOffset.UnixEpoch);
        var phone = _hub.Connect("phone").Member;
        var laptop = _hub.Connect("laptop").Member;
        var bob = _hub.Connect("bob").Member;
        _hub.Connect("nobody");
        _hub.LogIn(phone, alice);
        _hub.LogIn(laptop, alice with { Name = "ALICE" });
        _hub.LogIn(bob, new AccountRecord("bob", "hash", DateTimeOffset.UnixEpoch));

        Assert.Equal([laptop], _hub.OtherSessionsOf("alice", phone));
        Assert.Equal(new HashSet<Member> { phone, laptop }, _hub.OtherSessionsOf("Alice", bob).ToHashSet());
        Assert.Empty(_hub.OtherSessionsOf("bob", bob));
    }

    [Fact]
    public void A_hub_made_without_a_store_keeps_markers_in_memory()
    {
        Assert.IsType<InMemoryReadMarkerStore>(_hub.ReadMarkers);
    }
}
