using Piazza.Server.Accounts;

namespace Piazza.Server.Sessions;

/// <summary>Why a session's nick is watched (<see cref="NickRules"/>).</summary>
internal enum NickHoldReason
{
    /// <summary>The nick is someone's account, and the member is not logged in to it.</summary>
    Registered,

    /// <summary>The server wants an account for any chosen nick (<c>Accounts:RequireForNicks</c>), and the member is logged in to none.</summary>
    AccountRequired,
}

/// <summary>
/// Which nicks a member may keep without logging in, from <c>Accounts:NickGraceSeconds</c> and
/// <c>Accounts:RequireForNicks</c>: the same for every session, read by its read loop.
/// </summary>
/// <param name="Grace">How long a member has to log in before it is renamed to a guest nick; zero reserves no nick.</param>
/// <param name="RequireAccount">Whether any nick but a guest nick needs a login (to any account not named by another's nick).</param>
internal sealed record NickRules(TimeSpan Grace, bool RequireAccount)
{
    /// <summary>The rules the settings give.</summary>
    public static NickRules From(AccountOptions options) =>
        new(TimeSpan.FromSeconds(options.NickGraceSeconds), options.RequireForNicks);
}
