using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>An IRC channel operator's modes, kicks and invites apply to plain users, who are told in plain words.</summary>
[Trait("Category", "Slow")]
public sealed class CrossProtocolModerationTests
{
    [Fact]
    public async Task A_plain_user_banned_by_an_irc_operator_cannot_speak_or_join_again()
    {
        await using var server = await TestServer.StartAsync();
        await using var lobby = await MixedLobby.StartAsync(server);
        var (alice, bob, _) = lobby;
        await alice.JoinAsync("#dev");
        await bob.SendAsync("/join dev");
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "bob");

        await alice.SendAsync("MODE #dev +b bob!*@*");
        Assert.Equal("* alice set mode +b bob!*@* on dev", await bob.ExpectAsync(l => l.Contains("set mode", StringComparison.Ordinal)));
        await bob.SendAsync("let me speak");
        Assert.Equal("! you cannot speak in dev now: it is moderated (+m) or you are banned there", await bob.NextAsync());
        await alice.SendAsync("KICK #dev bob :out you go");
        Assert.Equal("* alice kicked bob from dev (out you go)", await bob.NextAsync());

        await bob.SendAsync("/join dev");
        Assert.Equal("! you are banned from dev", await bob.NextAsync());
        await bob.SendAsync("/join #dev");
        Assert.Equal("! you are banned from dev", await bob.NextAsync());
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("JOIN"));
    }

    [Fact]
    public async Task Invite_only_key_and_limit_refuse_a_plain_user_in_plain_words_and_an_invitation_lets_it_in()
    {
        await using var server = await TestServer.StartAsync();
        await using var lobby = await MixedLobby.StartAsync(server);
        var (alice, bob, carol) = lobby;
        await alice.JoinAsync("#dev");

        await alice.SendAsync("MODE #dev +i");
        await alice.ExpectAsync("MODE");
        await bob.SendAsync("/join dev");
        Assert.Equal("! dev is invite-only; ask one of its operators to invite you", await bob.NextAsync());
        await alice.SendAsync("INVITE bob #dev");
        Assert.Equal("* alice invites you to dev (/join dev)", await bob.NextAsync());
        await bob.SendAsync("/join dev");
        Assert.Equal("* you are in dev; 1 other is here", await bob.NextAsync());
        await bob.SendAsync("/part dev");
        await bob.NextAsync();

        await alice.SendAsync("MODE #dev -i+k sesame");
        await alice.ExpectAsync("MODE");
        await bob.SendAsync("/join dev");
        Assert.Equal("! dev needs a key: /join dev KEY", await bob.NextAsync());
        await bob.SendAsync("/join dev sesame");
        Assert.Equal("* you are in dev; 1 other is here", await bob.NextAsync());

        await alice.SendAsync("MODE #dev -k+l * 2");
        await alice.ExpectAsync("MODE");
        await carol.SendAsync("/join dev");
        Assert.Equal("! dev is full", await carol.NextAsync());
    }

    [Fact]
    public async Task A_moderated_channel_silences_plain_users_until_voiced()
    {
        await using var server = await TestServer.StartAsync();
        await using var lobby = await MixedLobby.StartAsync(server);
        var (alice, bob, _) = lobby;
        await alice.JoinAsync("#dev");
        await bob.SendAsync("/join dev");
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "bob");

        await alice.SendAsync("MODE #dev +m");
        await bob.ExpectAsync("* alice set mode +m on dev");
        await bob.SendAsync("hello?");
        Assert.StartsWith("! you cannot speak in dev now", await bob.NextAsync(), StringComparison.Ordinal);
        await alice.SendAsync("MODE #dev +v bob");
        await bob.ExpectAsync("* alice set mode +v bob on dev");
        await bob.SendAsync("hello!");
        Assert.Equal(":bob!~plain@127.0.0.1 PRIVMSG #dev :hello!", (await alice.ExpectAsync("PRIVMSG")).Raw);
    }
}
