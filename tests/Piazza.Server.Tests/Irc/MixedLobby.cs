using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>
/// IRC alice (in #lobby first, so its operator), then plain bob and carol, named; every join and
/// nick change seen by everyone, so each client's next line is what the test does next.
/// </summary>
internal sealed class MixedLobby : IAsyncDisposable
{
    private MixedLobby(IrcClient alice, LineClient bob, LineClient carol) => (Alice, Bob, Carol) = (alice, bob, carol);

    public IrcClient Alice { get; }

    public LineClient Bob { get; }

    public LineClient Carol { get; }

    public static async Task<MixedLobby> StartAsync(TestServer server)
    {
        var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#lobby");
        var bob = await server.ConnectAsync("bob");
        await alice.ExpectAsync(l => l.Is("NICK") && l[0] == "bob");
        var carol = await server.ConnectAsync("carol");
        await alice.ExpectAsync(l => l.Is("NICK") && l[0] == "carol");
        await bob.ExpectAsync($"* {carol.Address} joined lobby");
        await bob.ExpectAsync($"* {carol.Address} is now known as carol");
        return new MixedLobby(alice, bob, carol);
    }

    public void Deconstruct(out IrcClient alice, out LineClient bob, out LineClient carol) => (alice, bob, carol) = (Alice, Bob, Carol);

    public async ValueTask DisposeAsync()
    {
        await Alice.DisposeAsync();
        await Bob.DisposeAsync();
        await Carol.DisposeAsync();
    }
}
