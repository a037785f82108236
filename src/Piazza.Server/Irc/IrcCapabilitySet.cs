namespace Piazza.Server.Irc;

/// <summary>
/// The IRCv3 capabilities one client has enabled (https://ircv3.net/specs/extensions/capability-negotiation),
/// out of those the server offers, and what they mean for the lines it is sent.
/// </summary>
/// <remarks>
/// Threads: written only by the session's read loop (CAP LS 302, CAP REQ); read by every thread
/// delivering an event to this client (which lines, which tags). The set is one volatile enum,
/// replaced whole, so a reader sees a request applied entirely or not at all, never a stale copy;
/// one writer means the read-modify-write needs no lock. A reader that asks several questions
/// (<see cref="TagMode"/>) reads the enum once, so its answers agree. Reads allocate nothing: they
/// are on the delivery hot path.
/// </remarks>
internal sealed class IrcCapabilitySet
{
    private static readonly IrcCaps All = IrcCapNames.All.Aggregate(IrcCaps.None, (all, c) => all | c.Cap);

    private volatile IrcCaps _enabled;

    /// <summary>
    /// A set with nothing enabled, offering every capability but chathistory when history is off
    /// and account registration when it is closed (Accounts:Registration).
    /// </summary>
    /// <param name="historyOn">Whether history is kept (draft/chathistory is offered).</param>
    /// <param name="registrationOpen">Whether accounts may be registered (draft/account-registration is offered).</param>
    /// <param name="sts">The <c>sts</c> policy this connection is offered (<c>port=6697</c> or <c>duration=…</c>), or null for none.</param>
    public IrcCapabilitySet(bool historyOn, bool registrationOpen = true, string? sts = null)
    {
        Offered = All & ~(historyOn ? IrcCaps.None : IrcCaps.ChatHistory) & ~(registrationOpen ? IrcCaps.None : IrcCaps.AccountRegistration);
        Sts = sts;
    }

    /// <summary>
    /// The <c>sts</c> value CAP LS 302 lists, or null. Not a flag of <see cref="Offered"/>: a client
    /// never enables it (the spec forbids CAP REQ sts, which is NAKed as an unknown name), and it
    /// is only listed where values are, since a policy without its value means nothing.
    /// </summary>
    public string? Sts { get; }

    /// <summary>What CAP LS lists and CAP REQ may enable.</summary>
    public IrcCaps Offered { get; }

    /// <summary>What the client has enabled now.</summary>
    public IrcCaps Enabled => _enabled;

    /// <summary>Which tags relayed events carry: message-tags gives time and msgid, server-time the time alone.</summary>
    public IrcTagMode TagMode
    {
        get
        {
            var enabled = _enabled;
            return (enabled & IrcCaps.MessageTags) != 0 ? IrcTagMode.Full
                : (enabled & IrcCaps.ServerTime) != 0 ? IrcTagMode.Time
                : IrcTagMode.None;
        }
    }

    /// <summary>Whether <paramref name="cap"/> is enabled.</summary>
    public bool Has(IrcCaps cap) => (_enabled & cap) == cap;

    /// <summary>CAP LS 302: a 302 client has cap-notify implicitly. Read loop only.</summary>
    public void EnableCapNotify() => _enabled |= IrcCaps.CapNotify;

    /// <summary>
    /// CAP REQ: applies "cap -cap …" when every name is one offered, else changes nothing (the
    /// spec's all or nothing: the answer is ACK or NAK for the whole list). Read loop only.
    /// </summary>
    public bool TryRequest(string requested)
    {
        if (!TryParseRequest(requested, out var add, out var remove) || (add & ~Offered) != IrcCaps.None)
        {
            return false;
        }

        _enabled = (_enabled | add) & ~remove;
        return true;
    }

    /// <summary>Parses "cap -cap …" into what to add and remove; false for an unknown name or an empty list.</summary>
    public static bool TryParseRequest(string requested, out IrcCaps add, out IrcCaps remove)
    {
        add = IrcCaps.None;
        remove = IrcCaps.None;
        foreach (var word in requested.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var removing = word.StartsWith('-');
            var cap = IrcCapNames.Parse(removing ? word[1..] : word);
            if (cap == IrcCaps.None)
            {
                return false;
            }

            if (removing)
            {
                remove |= cap;
            }
            else
            {
                add |= cap;
            }
        }

        return add != IrcCaps.None || remove != IrcCaps.None;
    }
}
