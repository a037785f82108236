namespace Piazza.Server.Irc;

/// <summary>
/// A client's user modes as IRC shows them (<c>iow</c>, RPL_MYINFO). All live on the member,
/// because the hub acts on them: +i (invisible to masked WHO), +o (server operator), +w (wants WALLOPS).
/// </summary>
/// <remarks>Keeps no state.</remarks>
internal static class IrcUserModes
{
    /// <summary>The modes set now, in the order <c>iow</c>.</summary>
    public static string Describe(bool invisible, bool serverOperator, bool wantsWallops) =>
        (invisible ? "i" : string.Empty) + (serverOperator ? "o" : string.Empty) + (wantsWallops ? "w" : string.Empty);

    /// <summary>The change from <paramref name="before"/> to <paramref name="after"/> as MODE shows it (<c>+w-i</c>); empty when none.</summary>
    public static string Change(string before, string after)
    {
        var added = new string([.. after.Except(before)]);
        var removed = new string([.. before.Except(after)]);
        return (added.Length > 0 ? "+" + added : string.Empty) + (removed.Length > 0 ? "-" + removed : string.Empty);
    }
}
