using Piazza.Core.Cluster;

namespace Piazza.Core.Tests;

/// <summary>MONITOR across two nodes: a watcher on one hears of a nick's holder on the other, sharing no room with it.</summary>
public partial class ChatHubClusterTests
{
    [Fact]
    public async Task A_watcher_hears_a_member_of_the_other_node_come_online_change_nick_and_quit()
    {
        var alice = _nodeA.ConnectAs("alice");
        var watcher = new MaskWatcher();
        Assert.Equal(1, await _nodeA.WatchAsync(alice.Member, watcher, ["bob"]));
        Assert.Null(_nodeA.FindWatched("bob"));

        // bob is on node b, in no room: alice's node learns of him through the nick's grain only.
        var bob = _nodeB.ConnectAs("bob", user: "~bu", host: "10.0.0.2");
        Assert.Equal(["+bob!~bu@10.0.0.2"], watcher.Take());
        Assert.Equal("b", _nodeA.FindWatched("BOB")?.Node);

        Assert.Equal(ChatError.None, _nodeB.ChangeNick(bob.Member, "robert", out _));
        Assert.Equal(["-bob"], watcher.Take());
        Assert.Null(_nodeA.FindWatched("bob"));
        Assert.Equal(ChatError.None, _nodeB.ChangeNick(bob.Member, "bob", out _));
        Assert.Equal(["+bob!~bu@10.0.0.2"], watcher.Take());

        _nodeB.Disconnect(bob.Member, "bye");
        Assert.Equal(["-bob"], watcher.Take());
        Assert.Null(_nodeA.FindWatched("bob"));
        Assert.Empty(alice.Sink.Events);
    }

    [Fact]
    public async Task A_watcher_sees_the_away_real_name_and_account_changes_of_a_member_of_the_other_node()
    {
        var alice = _nodeA.ConnectAs("alice");
        var watcher = new MaskWatcher();
        await _nodeA.WatchAsync(alice.Member, watcher, ["bob"]);
        var bob = _nodeB.ConnectAs("bob", user: "~bu", host: "10.0.0.2");
        Assert.Equal(["+bob!~bu@10.0.0.2"], watcher.Take());

        _nodeB.SetAway(bob.Member, "lunch");
        _nodeB.SetRealName(bob.Member, "Robert");
        _nodeB.LogIn(bob.Member, new Accounts.AccountRecord("bobby", "x", DateTimeOffset.UnixEpoch));
        Assert.Equal(["Away bob!~bu@10.0.0.2 lunch", "RealNameChange bob!~bu@10.0.0.2 Robert", "AccountChange bob!~bu@10.0.0.2 bobby"], watcher.Take());
        Assert.Equal(("lunch", "Robert", "bobby"), (_nodeA.FindWatched("bob")?.Away, _nodeA.FindWatched("bob")?.RealName, _nodeA.FindWatched("bob")?.Account));
    }

    [Fact]
    public async Task A_nick_held_on_the_other_node_is_online_at_once_and_offline_when_that_node_is_lost()
    {
        var bob = _nodeB.ConnectAs("bob", user: "~bu", host: "10.0.0.2");
        var alice = _nodeA.ConnectAs("alice");
        var carol = _nodeA.ConnectAs("carol");
        var aliceHears = new MaskWatcher();
        var carolHears = new MaskWatcher();

        // The first watcher's command answers from what the cluster said; she hears nothing more.
        await _nodeA.WatchAsync(alice.Member, aliceHears, ["bob", "nobody"]);
        Assert.Equal("bob", _nodeA.FindWatched("bob")?.Nick);
        Assert.Equal("10.0.0.2", _nodeA.FindWatched("bob")?.Host);
        Assert.Null(_nodeA.FindWatched("nobody"));
        await _nodeA.WatchAsync(carol.Member, carolHears, ["bob"]);
        Assert.Empty(aliceHears.Take());
        Assert.Empty(carolHears.Take());

        _nodeA.DropNode("b", "node lost");
        Assert.Equal(["-bob"], aliceHears.Take());
        Assert.Equal(["-bob"], carolHears.Take());
        Assert.Null(_nodeA.FindWatched("bob"));

        // A late word from the lost node, or an answer naming its member, changes nothing.
        var late = new NodeMember("b", 1, "bob", true, "10.0.0.2:1", "10.0.0.2", "~bu", "Bob", null);
        _nodeA.NickOnlineElsewhere(late);
        _nodeA.TakeWatchAnswer("bob", new NodeNickHolder(late, Known: true), _nodeA.Watchers.Stamp, except: null);
        Assert.Empty(aliceHears.Take());
        Assert.Null(_nodeA.FindWatched("bob"));
        Assert.NotNull(bob.Member);
    }

    [Fact]
    public async Task The_node_stops_watching_a_nick_when_its_last_watcher_lets_it_go()
    {
        var alice = _nodeA.ConnectAs("alice");
        var carol = _nodeA.ConnectAs("carol");
        await _nodeA.WatchAsync(alice.Member, new MaskWatcher(), ["bob", "dan"]);
        await _nodeA.WatchAsync(carol.Member, new MaskWatcher(), ["bob"]);

        _nodeA.Unwatch(alice.Member, ["bob", "dan"]);
        Assert.Equal(["dan"], _linkA.Unwatched);
        _nodeA.Disconnect(carol.Member, "bye");
        Assert.Equal(["dan", "bob"], _linkA.Unwatched);

        // Watched by nobody here, bob's comings reach no one.
        var bob = _nodeB.ConnectAs("bob");
        Assert.Null(_nodeA.FindWatched("bob"));
        Assert.NotNull(bob.Member);
    }

    [Fact]
    public async Task An_answer_older_than_the_news_about_a_nick_is_dropped()
    {
        var alice = _nodeA.ConnectAs("alice");
        var watcher = new MaskWatcher();
        await _nodeA.WatchAsync(alice.Member, watcher, ["bob"]);
        var bobThere = new NodeMember("b", 7, "bob", true, "10.0.0.2:1", "10.0.0.2", "~bu", "Bob", null);

        // Asked, then news came (bob online, then gone) before the answer (bob online) arrived.
        var asked = _nodeA.Watchers.Stamp;
        _nodeA.NickOnlineElsewhere(bobThere);
        _nodeA.NickOfflineElsewhere(bobThere);
        _nodeA.TakeWatchAnswer("bob", new NodeNickHolder(bobThere, Known: true), asked, except: null);
        Assert.Equal(["+bob!~bu@10.0.0.2", "-bob"], watcher.Take());
        Assert.Null(_nodeA.FindWatched("bob"));

        // An answer that cannot say changes nothing; a later one that can is taken.
        _nodeA.TakeWatchAnswer("bob", NodeNickHolder.Unknown, _nodeA.Watchers.Stamp, except: null);
        Assert.Null(_nodeA.FindWatched("bob"));
        _nodeA.TakeWatchAnswer("bob", new NodeNickHolder(bobThere, Known: true), _nodeA.Watchers.Stamp, except: null);
        Assert.Equal(["+bob!~bu@10.0.0.2"], watcher.Take());
    }

    /// <summary>A watcher that records <c>+nick!user@host</c> and <c>-nick</c>, as MONITOR's 730 and 731 name them.</summary>
    private sealed class MaskWatcher : INickWatcher
    {
        private readonly Lock _lock = new();
        private readonly List<string> _notices = [];

        public void NickOnline(string nick, Member member)
        {
            lock (_lock)
            {
                _notices.Add($"+{nick}!{member.User}@{member.Host}");
            }
        }

        public void NickOffline(string nick)
        {
            lock (_lock)
            {
                _notices.Add("-" + nick);
            }
        }

        public void WatchedChange(ChatEvent chatEvent)
        {
            lock (_lock)
            {
                _notices.Add($"{chatEvent.Kind} {chatEvent.SourceNick}!{chatEvent.Source.User}@{chatEvent.Source.Host} {chatEvent.Text}");
            }
        }

        /// <summary>What was heard since the last take.</summary>
        public string[] Take()
        {
            lock (_lock)
            {
                string[] taken = [.. _notices];
                _notices.Clear();
                return taken;
            }
        }
    }
}
