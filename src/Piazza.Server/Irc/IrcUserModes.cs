namespace Piazza.Server.Irc;

/// <summary>
/// A client's user modes as IRC shows them (<c>iow</c>, RPL_MYINFO): +i lives here, the only one
/// that is IRC's alone; +o (server operator) and +w (wants WALLOPS) live on the member, because
/// the hub acts on them.
/// </summary>
/// <remarks>Threads: the session's read loop only (MODE), so no lock.</remarks>
internal sealed class IrcUserModes
{
    /// <summary>+i: invisible. Nothing hides on it yet (WHO and NAMES show everyone), but it is kept and reported.</summary>
    public bool Invisible { get; set; }

    /// <summary>The modes set now, in the order <c>iow</c>.</summary>
    public string Describe(bool serverOperator, bool wantsWallops) =>
        (Invisible ? "i" : string.Empty) + (serverOperator ? "o" : string.Empty) + (wantsWallops ? "w" : string.Empty);

    /// <summary>The change from <paramref name="before"/> to <paramref name="after"/> as MODE shows it (<c>+w-i</c>); empty when none.</summary>
    public static string Change(string before, string after)
    {
        var added = new string([.. after.Except(before)]);
        var removed = new string([.. before.Except(after)]);
        return (added.Length > 0 ? "+" + added : string.Empty) + (removed.Length > 0 ? "-" + removed : string.Empty);
    }
}
