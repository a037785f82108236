using System.Globalization;

using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>The guest nicks (<c>Guest42</c>) the hub gives members that have not chosen one.</summary>
public class GuestNickTests
{
    private readonly ChatHub _hub = TestChat.NewHub();

    [Fact]
    public void Guest_nicks_are_unique_valid_and_registered()
    {
        var guests = Enumerable.Range(0, 50).Select(_ => _hub.Connect()).ToArray();

        Assert.Equal(guests.Length, guests.Select(g => g.Member.Nick).Distinct(NickName.Comparer).Count());
        foreach (var guest in guests)
        {
            Assert.Matches("^Guest[0-9]+$", guest.Member.Nick);
            Assert.Null(NickName.Validate(guest.Member.Nick, _hub.Options.MaxNickLength));
            Assert.False(guest.Member.HasChosenNick);
            Assert.Same(guest.Member, _hub.FindNick(guest.Member.Nick));
            Assert.Same(guest.Member, _hub.FindNick(guest.Member.Nick.ToUpperInvariant()));
        }
    }

    [Fact]
    public void A_guest_nick_is_freed_on_disconnect()
    {
        var guest = _hub.Connect();
        var nick = guest.Member.Nick;

        _hub.Disconnect(guest.Member, "bye");

        Assert.Null(_hub.FindNick(nick));
        var other = _hub.Connect("alice");
        Assert.Equal(ChatError.None, _hub.ChangeNick(other.Member, nick, out _));
    }

    [Fact]
    public void Choosing_a_nick_frees_the_guest_nick()
    {
        var guest = _hub.Connect();
        var other = _hub.Connect();
        var guestNick = guest.Member.Nick;

        Assert.Equal(ChatError.None, _hub.ChangeNick(guest.Member, "alice", out _));

        Assert.Null(_hub.FindNick(guestNick));
        Assert.Same(guest.Member, _hub.FindNick("alice"));
        Assert.True(guest.Member.HasChosenNick);
        Assert.Equal(ChatError.None, _hub.ChangeNick(other.Member, guestNick, out _));
        Assert.Same(other.Member, _hub.FindNick(guestNick));
    }

    [Fact]
    public void A_guest_cannot_be_given_a_nick_someone_holds()
    {
        var alice = _hub.Connect("alice");
        var guest = _hub.Connect();

        Assert.Equal(ChatError.NickInUse, _hub.ChangeNick(alice.Member, guest.Member.Nick, out _));
        Assert.Same(guest.Member, _hub.FindNick(guest.Member.Nick));
    }

    [Theory]
    [InlineData("Guest{0}")]
    [InlineData("gUEST{0}")]
    public void When_the_next_guest_nick_is_taken_the_next_guest_gets_another_free_one(string format)
    {
        var first = _hub.Connect();
        var next = long.Parse(first.Member.Nick["Guest".Length..], CultureInfo.InvariantCulture) + 1;
        var claimed = string.Format(CultureInfo.InvariantCulture, format, next);
        Assert.Equal(ChatError.None, _hub.ChangeNick(first.Member, claimed, out _)); // the nick the next guest would get

        var second = _hub.Connect();

        Assert.False(NickName.Comparer.Equals(claimed, second.Member.Nick));
        Assert.Matches("^Guest[0-9]+$", second.Member.Nick);
        Assert.Same(second.Member, _hub.FindNick(second.Member.Nick));
        Assert.Same(first.Member, _hub.FindNick(claimed));
        Assert.Equal(claimed, first.Member.Nick);
        Assert.True(_hub.DefaultRoom.Contains(second.Member));

        var third = _hub.Connect();
        Assert.Equal(3, new[] { claimed, second.Member.Nick, third.Member.Nick }.Distinct(NickName.Comparer).Count());
    }

    [Fact]
    public void A_member_connecting_without_a_nick_through_MemberInfo_gets_a_guest_nick()
    {
        var info = new MemberInfo("10.0.0.9:4000", "10.0.0.9", "~bob", "Bob", null);

        Assert.Equal(ChatError.None, _hub.Connect(info, new RecordingSink(), joinDefaultRoom: false, out var member));

        Assert.NotNull(member);
        Assert.Matches("^Guest[0-9]+$", member.Nick);
        Assert.False(member.HasChosenNick);
        Assert.Equal(member.Nick + "!~bob@10.0.0.9", member.BanIdentity);
        Assert.Same(member, _hub.FindNick(member.Nick));
    }

    [Fact]
    public void A_guest_nick_respects_MaxNickLength()
    {
        var hub = TestChat.NewHub(new ChatOptions { MaxNickLength = 5 });

        var guest = hub.Connect();

        Assert.Null(NickName.Validate(guest.Member.Nick, hub.Options.MaxNickLength));
    }

    [Fact]
    public void Renaming_to_a_guest_frees_the_nick_takes_a_fresh_guest_nick_and_tells_the_room()
    {
        var alice = _hub.Connect("alice");
        var bob = _hub.Connect("bob");
        _hub.JoinOk(alice, "dev");
        _hub.JoinOk(bob, "dev");
        TestChat.ClearAll(alice, bob);

        var changed = _hub.RenameToGuest(alice.Member);

        Assert.Matches("^Guest[0-9]+$", alice.Member.Nick);
        Assert.Same(alice.Member, _hub.FindNick(alice.Member.Nick));
        Assert.Null(_hub.FindNick("alice"));
        Assert.Equal((ChatEventKind.NickChange, "alice", alice.Member.Nick), (changed.Kind, changed.SourceNick, changed.Text));
        Assert.Same(changed, Assert.Single(bob.Sink.Events));
        Assert.Empty(alice.Sink.Events);
    }
}
