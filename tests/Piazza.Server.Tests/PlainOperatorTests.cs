using Piazza.Testing;

namespace Piazza.Server.Tests;

/// <summary>Room operators and modes from the plain protocol: the core enforces them for everyone.</summary>
[Trait("Category", "Slow")]
public sealed class PlainOperatorTests
{
    [Fact]
    public async Task The_first_member_of_a_room_operates_it_and_others_cannot()
    {
        await using var server = await TestServer.StartAsync();
        var (op, other) = await server.PlainPairInAsync("dev", "alice", "bob");

        await other.SendAsync("/mode +m");
        Assert.Equal("! only the operators of dev may change its modes", await other.NextAsync());
        await other.SendAsync("/kick alice");
        Assert.Equal("! only the operators of dev may kick", await other.NextAsync());
        await other.SendAsync("/topic mine now");
        Assert.Equal("! only the operators of dev may set its topic (+t)", await other.NextAsync());

        await op.SendAsync("/mode");
        Assert.Equal("* modes of dev: +nt", await op.NextAsync());
    }

    [Fact]
    public async Task Kick_puts_a_member_out_and_everyone_sees_why()
    {
        await using var server = await TestServer.StartAsync();
        var (op, other) = await server.PlainPairInAsync("dev", "alice", "bob");

        await op.SendAsync("/kick bob enough");

        Assert.Equal("* you kicked bob from dev", await op.NextAsync());
        await other.ExpectAsync("* alice kicked bob from dev (enough)");
        await other.SendAsync("still here?");
        Assert.Equal("[bob] still here?", await op.ExpectAsync(l => l.StartsWith('[')));
    }

    [Fact]
    public async Task Moderated_rooms_let_only_operators_and_voiced_members_speak()
    {
        await using var server = await TestServer.StartAsync();
        var (op, other) = await server.PlainPairInAsync("dev", "alice", "bob");

        await op.SendAsync("/mode +m");
        Assert.Equal("* you set mode +m on dev", await op.NextAsync());
        await other.ExpectAsync("* alice set mode +m on dev");
        await other.SendAsync("can I talk?");
        Assert.Equal("! you cannot speak in dev now: it is moderated (+m) or you are banned there", await other.NextAsync());

        await op.SendAsync("/mode +v bob");
        await other.ExpectAsync("* alice set mode +v bob on dev");
        await other.SendAsync("now I can");
        Assert.Equal("[bob@dev] now I can", await op.ExpectAsync(l => l.StartsWith('[')));
    }

    [Fact]
    public async Task A_banned_member_cannot_join_and_is_told_so()
    {
        await using var server = await TestServer.StartAsync();
        var (op, other) = await server.PlainPairInAsync("dev", "alice", "bob");

        await op.SendAsync("/mode +b bob");
        Assert.Equal("* you set mode +b bob!*@* on dev", await op.NextAsync());
        await op.SendAsync("/kick bob");
        await other.ExpectAsync("* alice kicked bob from dev");
        await other.SendAsync("/join dev");

        Assert.Equal("! you are banned from dev", await other.ExpectAsync(l => l.StartsWith("! ", StringComparison.Ordinal)));
        await op.SendAsync("/mode +b");
        Assert.Equal("* bans in dev (1):", await op.ExpectAsync(l => l.StartsWith("* bans", StringComparison.Ordinal)));
        Assert.Equal("*   bob!*@* (set by alice)", await op.NextAsync());
    }

    [Fact]
    public async Task Invite_only_and_keyed_rooms_admit_the_invited_and_the_key_holders()
    {
        await using var server = await TestServer.StartAsync();
        var (op, other) = await server.PlainPairInAsync("dev", "alice", "bob");
        await op.SendAsync("/kick bob");
        await other.ExpectAsync("* alice kicked bob from dev");

        await op.SendAsync("/mode +ik sesame");
        Assert.Equal("* you set mode +ik sesame on dev", await op.ExpectAsync(l => l.StartsWith("* you set", StringComparison.Ordinal)));
        await other.SendAsync("/join dev");
        Assert.Equal("! dev is invite-only; ask one of its operators to invite you", await other.ExpectAsync(l => l.StartsWith("! ", StringComparison.Ordinal)));

        await op.SendAsync("/mode -i");
        await op.ExpectAsync("* you set mode -i on dev");
        await other.SendAsync("/join dev");
        Assert.Equal("! dev needs a key: /join dev KEY", await other.NextAsync());
        await other.SendAsync("/join dev sesame");
        await other.ExpectAsync("* you are in dev; 1 other is here");

        await op.SendAsync("/kick bob");
        await other.ExpectAsync("* alice kicked bob from dev");
        await op.SendAsync("/mode +i");
        await op.SendAsync("/invite bob");
        Assert.Equal("* you invited bob to dev", await op.ExpectAsync(l => l.StartsWith("* you invited", StringComparison.Ordinal)));
        await other.ExpectAsync("* alice invites you to dev (/join dev)");
        await other.SendAsync("/join dev");
        await other.ExpectAsync("* you are in dev; 1 other is here");
    }

    [Fact]
    public async Task Mode_errors_are_explained()
    {
        await using var server = await TestServer.StartAsync();
        var (op, other) = await server.PlainPairInAsync("dev", "alice", "bob");

        await op.SendAsync("/mode +x");
        Assert.Equal("! unknown mode x; /help lists the modes", await op.NextAsync());
        await op.SendAsync("/mode +o");
        Assert.Equal("! mode o needs an argument", await op.NextAsync());
        await op.SendAsync("/mode +o nobody");
        Assert.Equal("! +o nobody: no one is called nobody", await op.NextAsync());
        await op.SendAsync("/mode +l many");
        Assert.Equal("! +l many: that argument is not valid", await op.NextAsync());
    }
}
