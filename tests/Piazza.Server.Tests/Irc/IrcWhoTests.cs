using Piazza.Server.Tests.Operators;
using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>
/// WHO with masks, the <c>o</c> flag, invisibility (+i) and its bound, and WHOX (354), end to end
/// (https://modern.ircdocs.horse/#who-message, https://ircv3.net/specs/extensions/whox).
/// </summary>
[Trait("Category", "Slow")]
public sealed class IrcWhoTests
{
    [Theory]
    [InlineData("*")]
    [InlineData("0")]
    public async Task Who_star_or_zero_lists_everyone_with_no_channel_and_ends_with_the_mask_as_sent(string mask)
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");

        await alice.SendAsync("WHO " + mask);
        var who = await alice.SyncAsync();

        Assert.Equal(["352", "352", "315"], who.Select(l => l.Command));
        var rows = who.Where(l => l.Is("352")).ToDictionary(l => l[5]);
        Assert.Equal(["alice", "*", "~bobu", "127.0.0.1", "piazza.local", "bob", "H", "0 bob Real"], rows["bob"].Parameters);
        Assert.Equal("H", rows["alice"][6]);
        Assert.Equal(["alice", mask, "End of WHO list"], who[^1].Parameters);
    }

    [Theory]
    [InlineData("*BO*", "bob", "*BO*")]
    [InlineData("b?b", "bob", "b?b")]
    [InlineData("~bob*", "bob", "~bob*")]
    [InlineData("bob!*@127.0.0.1", "bob", "bob!*@127.0.0.1")]
    [InlineData("*!~alice*@*", "alice", "*!~alice*@*")]
    // A mask with a space (a real name) cannot be a middle parameter of 315: it is echoed as "*".
    [InlineData("*bob Real", "bob", "*")]
    public async Task A_mask_matches_nick_user_host_or_real_name(string mask, string found, string echoed)
    {
        await using var server = await TestServer.StartAsync();
        var (alice, _) = await server.IrcPairInAsync("#dev", "alice", "bob");

        await alice.SendAsync($"WHO :{mask}");
        var who = await alice.SyncAsync();

        Assert.Equal(["352", "315"], who.Select(l => l.Command));
        Assert.Equal(found, who[0][5]);
        Assert.Equal(echoed, who[1][1]);
    }

    [Fact]
    public async Task A_mask_matching_no_one_overlong_or_by_host_answers_as_the_spec_says()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, _) = await server.IrcPairInAsync("#dev", "alice", "bob");

        await alice.SendAsync("WHO nob*dy");
        Assert.Equal(["315"], (await alice.SyncAsync()).Select(l => l.Command));
        await alice.SendAsync("WHO " + string.Concat(Enumerable.Repeat("*a", 200)));
        Assert.Equal(["315"], (await alice.SyncAsync()).Select(l => l.Command));
        await alice.SendAsync("WHO idontexist");
        var none = await alice.SyncAsync();
        Assert.Equal(["alice", "idontexist", "End of WHO list"], Assert.Single(none).Parameters);

        // No wildcard and no such nick: the mask still matches a host or a server exactly.
        await alice.SendAsync("WHO 127.0.0.1");
        Assert.Equal(["352", "352", "315"], (await alice.SyncAsync()).Select(l => l.Command));
    }

    [Fact]
    public async Task An_invisible_user_is_hidden_from_masks_by_those_who_share_no_channel()
    {
        await using var server = await TestServer.StartAsync();
        await using var evan = await server.ConnectIrcAsync("evan");
        await using var shiv = await server.ConnectIrcAsync("shiv");
        await evan.SendAsync("MODE evan +i");
        Assert.Equal(["evan", "+i"], (await evan.ExpectAsync("MODE")).Parameters);

        await shiv.SendAsync("WHO eva*");
        Assert.Equal(["315"], (await shiv.SyncAsync()).Select(l => l.Command));
        await shiv.SendAsync("WHO *");
        Assert.Equal(["shiv", "315"], (await shiv.SyncAsync()).Select(l => l.Is("352") ? l[5] : l.Command));

        // An exact nick finds an invisible user; so does the user itself, by mask.
        await shiv.SendAsync("WHO evan");
        Assert.Equal(["352", "315"], (await shiv.SyncAsync()).Select(l => l.Command));
        await evan.SendAsync("WHO eva*");
        Assert.Equal(["352", "315"], (await evan.SyncAsync()).Select(l => l.Command));

        // LUSERS counts invisible users apart.
        await shiv.SendAsync("LUSERS");
        Assert.Equal("There are 1 users and 1 invisible on 1 servers", (await shiv.SyncAsync()).Single(l => l.Is("251")).Last);

        // A channel WHO from outside hides them too; sharing the channel shows them.
        await evan.JoinAsync("#test");
        await shiv.SendAsync("WHO #test");
        Assert.Equal(["315"], (await shiv.SyncAsync()).Select(l => l.Command));
        await shiv.JoinAsync("#test");
        await evan.SyncAsync();
        await shiv.SendAsync("WHO eva*");
        Assert.Equal(["352", "315"], (await shiv.SyncAsync()).Select(l => l.Command));

        await evan.SendAsync("MODE evan -i");
        await evan.ExpectAsync("MODE");
        await shiv.SendAsync("LUSERS");
        Assert.Equal("There are 2 users and 0 invisible on 1 servers", (await shiv.SyncAsync()).Single(l => l.Is("251")).Last);
    }

    [Fact]
    public async Task A_server_operator_sees_invisible_users_and_the_o_flag_lists_operators_only()
    {
        await using var server = await TestServer.StartAsync(OperatorAccounts.Settings);
        await using var evan = await server.ConnectIrcAsync("evan");
        await using var root = await server.ConnectIrcAsync("root");
        await evan.SendAsync("MODE evan +i");
        await evan.ExpectAsync("MODE");
        await root.SendAsync($"OPER {OperatorAccounts.Name} :{OperatorAccounts.Password}");
        await root.ExpectAsync("381");

        await root.SendAsync("WHO *");
        Assert.Equal(["evan", "root"], (await root.SyncAsync()).Where(l => l.Is("352")).Select(l => l[5]).Order());
        await evan.SendAsync("WHO * o");
        var operators = await evan.SyncAsync();
        Assert.Equal(["352", "315"], operators.Select(l => l.Command));
        Assert.Equal(["root", "H*"], operators[0].Parameters.Skip(5).Take(2));
        await evan.SendAsync("WHO evan o");
        Assert.Equal(["315"], (await evan.SyncAsync()).Select(l => l.Command));
    }

    [Fact]
    public async Task A_masked_who_lists_at_most_the_configured_number_a_channel_who_lists_everyone()
    {
        await using var server = await TestServer.StartAsync("Irc:MaxWhoReplies=2");
        var (alice, _, _) = await server.IrcTrioInAsync("#dev", "alice", "bob", "carol");

        await alice.SendAsync("WHO *");
        Assert.Equal(["352", "352", "315"], (await alice.SyncAsync()).Select(l => l.Command));
        await alice.SendAsync("WHO #dev");
        Assert.Equal(["352", "352", "352", "315"], (await alice.SyncAsync()).Select(l => l.Command));
    }

    [Fact]
    public async Task Whox_answers_354_with_the_fields_in_spec_order_whatever_order_they_were_asked_in()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        string[] all = ["alice", "123", "*", "~bobu", "127.0.0.1", "127.0.0.1", "piazza.local", "bob", "H", "0", "0", "0", "n/a", "bob Real"];

        await alice.SendAsync("WHO bob %tcuihsnfdlaor,123");
        var who = await alice.SyncAsync();
        Assert.Equal(["354", "315"], who.Select(l => l.Command));
        Assert.Equal(all, who[0].Parameters);
        Assert.Equal(["alice", "bob", "End of WHO list"], who[1].Parameters);

        await alice.SendAsync("WHO bob %roaldfnshiuct,123");
        Assert.Equal(all, (await alice.SyncAsync())[0].Parameters);

        await alice.SendAsync("WHO #dev %tcnf,7");
        var channel = await alice.SyncAsync();
        Assert.Equal(["alice", "7", "#dev", "alice", "H@"], channel[0].Parameters);
        Assert.Equal(["alice", "7", "#dev", "bob", "H"], channel[1].Parameters);

        await alice.SendAsync("WHO bob %na");
        Assert.Equal(["alice", "bob", "0"], (await alice.SyncAsync())[0].Parameters);
    }

    [Fact]
    public async Task Whox_with_a_bad_token_or_unknown_fields_still_answers_and_whox_is_advertised()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.SendAsync("VERSION");
        var isupport = await alice.ReadUntilAsync(l => l.Is("005") && l.Parameters.Contains("WHOX"));
        Assert.DoesNotContain(isupport, l => l.IsError);

        await alice.SendAsync("WHO alice %tnzq," + new string('9', 100));
        var who = await alice.SyncAsync();
        Assert.Equal(["354", "315"], who.Select(l => l.Command));
        Assert.Equal(["alice", "0", "alice"], who[0].Parameters);
    }
}
