namespace Piazza.Core;

/// <summary>Who a connecting client is, as its protocol learned it.</summary>
/// <param name="Address">The client's <c>ip:port</c>: the seed's name for a client without a nickname.</param>
/// <param name="Host">The client's IP address (IRC's host part).</param>
/// <param name="User">IRC's user part: the USER name given (with a '~', as no ident is checked), or <c>~plain</c>.</param>
/// <param name="RealName">IRC's real name (USER's last parameter); empty for plain clients.</param>
/// <param name="Nick">The nickname chosen before connecting (IRC registration), or null.</param>
public sealed record MemberInfo(string Address, string Host, string User, string RealName, string? Nick)
{
    /// <summary>The account the client logged in to before it joined the hub (IRC SASL during registration); null for none.</summary>
    public string? Account { get; init; }

    /// <summary>
    /// What the session claimed its nick under in a cluster (<see cref="ChatHub.NewNickHolder"/>),
    /// so the member holds the claim it made while registering; null: the member's own.
    /// </summary>
    public string? NickHolder { get; init; }

    /// <summary>Whether the client's connection is encrypted (TLS): IRC's WHOIS says so (671).</summary>
    public bool IsSecure { get; init; }

    /// <summary>The user part shown for plain-protocol clients.</summary>
    public const string PlainUser = "~plain";

    /// <summary>A plain-protocol client: known only by its address until it picks a nick.</summary>
    public static MemberInfo Plain(string address, string host) => new(address, host, PlainUser, string.Empty, null);
}
