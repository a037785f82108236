namespace Piazza.Server.Irc;

/// <summary>
/// What a client has said about itself before it is registered, and when that is enough
/// (https://modern.ircdocs.horse/#connection-registration):
/// <code>
///   [PASS password] NICK nick USER user 0 * :real name        in any order
///   CAP LS / CAP REQ before registration holds it until CAP END
/// </code>
/// It decides only whether registration can be tried; the session then checks the password,
/// the server bans and the nick's availability against the hub, which this class knows nothing of.
/// </summary>
/// <remarks>Threads: the session's read loop only, so no lock.</remarks>
internal sealed class IrcRegistration
{
    /// <summary>The longest user name kept, before the '~' that marks it unverified.</summary>
    public const int MaxUserLength = 10;

    private bool _capNegotiating;

    /// <summary>The nick NICK gave, not yet taken in the hub; null before NICK and after a refusal.</summary>
    public string? Nick { get; private set; }

    /// <summary>The user name USER gave, cleaned (<see cref="UserName"/>).</summary>
    public string? User { get; private set; }

    /// <summary>The real name USER gave.</summary>
    public string? RealName { get; private set; }

    /// <summary>The password PASS gave.</summary>
    public string? Password { get; private set; }

    /// <summary>The account the client logged in to (SASL, or REGISTER) before it is in the hub; it enters logged in.</summary>
    public Piazza.Core.Accounts.AccountRecord? Account { get; set; }

    /// <summary>True once the client is in the hub.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>True when NICK and USER are in, CAP (if started) has ended, and registration is not done yet.</summary>
    public bool IsReady => !IsComplete && !_capNegotiating && Nick is not null && User is not null;

    /// <summary>CAP LS or REQ: before registration, holds it until CAP END; after, changes nothing.</summary>
    public void HoldForCap() => _capNegotiating |= !IsComplete;

    /// <summary>CAP END: releases the hold; true when there was one (so registration may be tried now).</summary>
    public bool EndCap()
    {
        var held = _capNegotiating;
        _capNegotiating = false;
        return held;
    }

    /// <summary>
    /// What the session claims nicks under across a cluster (<see cref="Piazza.Core.ChatHub.NewNickHolder"/>)
    /// until it is a member, which then holds its claim; null until the first NICK on a node.
    /// </summary>
    public string? NickHolder { get; set; }

    /// <summary>PASS.</summary>
    public void SetPassword(string password) => Password = password;

    /// <summary>NICK, once the session has checked that it is valid and free.</summary>
    public void SetNick(string nick) => Nick = nick;

    /// <summary>USER.</summary>
    public void SetUser(string user, string realName)
    {
        User = UserName(user);
        RealName = realName;
    }

    /// <summary>The nick was taken by someone else between NICK and registration: the client must send another.</summary>
    public void NickRefused() => Nick = null;

    /// <summary>The client is in the hub.</summary>
    public void Complete() => IsComplete = true;

    /// <summary>Whether the password given matches the server's; any does when the server has none.</summary>
    public bool PasswordMatches(string? required) =>
        string.IsNullOrEmpty(required) || string.Equals(required, Password, StringComparison.Ordinal);

    /// <summary>
    /// The user name shown in <c>nick!user@host</c>: it is not verified (no ident), so it is
    /// marked with '~', kept short and plain (letters, digits, '-', '_', '.'), and "user" when
    /// nothing is left.
    /// </summary>
    public static string UserName(string typed)
    {
        var user = new string([.. typed.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(MaxUserLength)]);
        return "~" + (user.Length == 0 ? "user" : user);
    }
}
