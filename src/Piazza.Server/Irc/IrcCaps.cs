namespace Piazza.Server.Irc;

/// <summary>The IRCv3 capabilities Piazza offers (https://ircv3.net/irc/).</summary>
[Flags]
internal enum IrcCaps
{
    None = 0,
    CapNotify = 1 << 0,
    MessageTags = 1 << 1,
    ServerTime = 1 << 2,
    EchoMessage = 1 << 3,
    Batch = 1 << 4,
    LabeledResponse = 1 << 5,
    MultiPrefix = 1 << 6,
    UserhostInNames = 1 << 7,
    AwayNotify = 1 << 8,
    ExtendedJoin = 1 << 9,
    InviteNotify = 1 << 10,
    AccountTag = 1 << 11,
    AccountNotify = 1 << 12,
    SetName = 1 << 13,
    StandardReplies = 1 << 14,
    ChatHistory = 1 << 15,
    MessageRedaction = 1 << 16,
    Multiline = 1 << 17,
    ExtendedMonitor = 1 << 18,
    Sasl = 1 << 19,
    AccountRegistration = 1 << 20,
    ChannelRename = 1 << 21,
    ReadMarker = 1 << 22,
}

/// <summary>Capability names on the wire, and what CAP LS says.</summary>
internal static class IrcCapNames
{
    /// <summary>Every capability offered, by its wire name, in the order CAP LS lists them.</summary>
    public static readonly IReadOnlyList<(string Name, IrcCaps Cap)> All =
    [
        ("account-notify", IrcCaps.AccountNotify),
        ("account-tag", IrcCaps.AccountTag),
        ("away-notify", IrcCaps.AwayNotify),
        ("batch", IrcCaps.Batch),
        ("cap-notify", IrcCaps.CapNotify),
        ("draft/account-registration", IrcCaps.AccountRegistration),
        ("draft/channel-rename", IrcCaps.ChannelRename),
        ("draft/chathistory", IrcCaps.ChatHistory),
        ("draft/message-redaction", IrcCaps.MessageRedaction),
        ("draft/multiline", IrcCaps.Multiline),
        ("draft/read-marker", IrcCaps.ReadMarker),
        ("echo-message", IrcCaps.EchoMessage),
        ("extended-join", IrcCaps.ExtendedJoin),
        ("extended-monitor", IrcCaps.ExtendedMonitor),
        ("invite-notify", IrcCaps.InviteNotify),
        ("labeled-response", IrcCaps.LabeledResponse),
        ("message-tags", IrcCaps.MessageTags),
        ("multi-prefix", IrcCaps.MultiPrefix),
        ("sasl", IrcCaps.Sasl),
        ("server-time", IrcCaps.ServerTime),
        ("setname", IrcCaps.SetName),
        ("standard-replies", IrcCaps.StandardReplies),
        ("userhost-in-names", IrcCaps.UserhostInNames),
    ];

    /// <summary>The capability with this wire name, or None.</summary>
    public static IrcCaps Parse(string name)
    {
        foreach (var (wire, cap) in All)
        {
            if (string.Equals(wire, name, StringComparison.OrdinalIgnoreCase))
            {
                return cap;
            }
        }

        return IrcCaps.None;
    }

    /// <summary>
    /// The wire names of <paramref name="caps"/>, space-separated; with <paramref name="values"/> (CAP LS 302),
    /// <c>name=value</c> where a cap has one (<paramref name="registerBeforeConnect"/>: Accounts:RegisterBeforeConnect).
    /// </summary>
    public static string Names(IrcCaps caps, bool values = false, bool registerBeforeConnect = true) =>
        string.Join(' ', All.Where(c => caps.HasFlag(c.Cap)).Select(c => values && ValueOf(c.Cap, registerBeforeConnect) is { } value ? c.Name + "=" + value : c.Name));

    /// <summary>What CAP LS 302 says after a cap's name, if anything.</summary>
    private static string? ValueOf(IrcCaps cap, bool registerBeforeConnect) => cap switch
    {
        IrcCaps.Multiline => $"max-bytes={IrcMultilineBatch.MaxBytes},max-lines={IrcMultilineBatch.MaxLines}",
        IrcCaps.Sasl => IrcAccountCommands.Mechanisms,
        // No e-mail is asked for, and an account is named after its nick: the only key is whether
        // REGISTER works before registration ends.
        IrcCaps.AccountRegistration when registerBeforeConnect => "before-connect",
        _ => null,
    };
}
