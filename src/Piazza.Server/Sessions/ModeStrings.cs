using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Sessions;

/// <summary>
/// The hub's mode changes as the mode strings both protocols show and read (<c>+o-v bob alice</c>).
/// The syntax is Protocol's <see cref="IrcModeString"/>; this only carries changes between the
/// hub's <see cref="ModeChange"/> and Protocol's <see cref="IrcModeChange"/>, which know nothing of
/// each other.
/// </summary>
internal static class ModeStrings
{
    /// <summary>A parsed request's changes, as the hub takes them.</summary>
    public static List<ModeChange> Changes(IrcModeRequest request) =>
        [.. request.Changes.Select(static c => new ModeChange(c.Add, c.Mode, c.Argument))];

    /// <summary>Changes in compact form, as one text: <c>+o-v bob alice</c>.</summary>
    public static string Format(IReadOnlyList<ModeChange> changes) => IrcModeString.Format(ToIrc(changes));

    /// <summary>Changes in compact form as MODE's parameters: <c>["+o-v", "bob", "alice"]</c>.</summary>
    public static string[] Parameters(IReadOnlyList<ModeChange> changes) => IrcModeString.Parameters(ToIrc(changes));

    /// <summary>
    /// A room's modes as RPL_CHANNELMODEIS and plain <c>/mode</c> show them: <c>+iklmnt key 5</c>,
    /// <c>+</c> for none; the key is "*" unless <paramref name="showKey"/> (only members see it).
    /// </summary>
    public static string Of(RoomModes modes, bool showKey) =>
        Format([.. modes.AsChanges().Select(c => c.Mode == 'k' && !showKey ? c with { Argument = "*" } : c)]);

    private static IrcModeChange[] ToIrc(IReadOnlyList<ModeChange> changes) =>
        [.. changes.Select(static c => new IrcModeChange(c.Add, c.Mode, c.Argument))];
}
