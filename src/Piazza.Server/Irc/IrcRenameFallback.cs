using System.Globalization;

using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// What a client without <c>draft/channel-rename</c> is shown of a rename
/// (https://ircv3.net/specs/extensions/channel-rename#fallback): it leaves the old channel and
/// joins the new one, as if it had done so itself, with what a JOIN shows.
/// </summary>
/// <remarks>
/// <code>
///   :me!user@host PART #old [:reason]
///   :me!user@host JOIN #new                    (extended-join: JOIN #new * :real name)
///   :server 332 me #new :topic                 (with a topic)
///   :server 333 me #new setter unix-time
///   :server 353 me = #new :@op other …         (as many as fit)
///   :server 366 me #new :End of /NAMES list
/// </code>
/// A rename that changes only the case of the name has no fallback (the spec: SHOULD NOT): under
/// CASEMAPPING=ascii the client's channel is still the same one. Threads: any (a broadcaster's,
/// or the renamer's read loop); it reads the room's snapshots and keeps no state.
/// </remarks>
internal static class IrcRenameFallback
{
    /// <summary>True when the rename changes more than the case of the name: only then is there a fallback.</summary>
    public static bool IsNeeded(ChatEvent renamed) => !RoomName.Comparer.Equals(renamed.RenamedFrom, renamed.RoomName);

    /// <summary>
    /// The fallback's lines for <paramref name="receiver"/>, each made with the extra tags its
    /// writer gives (a <c>label</c> for the renamer's own, else none). PART and JOIN carry the
    /// rename's <c>time</c> for server-time clients, not its msgid (which names the RENAME).
    /// </summary>
    public static IEnumerable<Func<string?, byte[]>> Lines(ChatEvent renamed, Member receiver, IrcCapabilitySet caps, string serverName)
    {
        var room = renamed.Room!;
        var oldChannel = IrcEventEncoder.Channel(renamed.RenamedFrom!);
        var newChannel = IrcEventEncoder.Channel(renamed.RoomName!);
        var self = IrcEventEncoder.SourceOf(receiver);
        var nick = receiver.Nick;
        var timeOnly = caps.TagMode == IrcTagMode.None ? IrcTagMode.None : IrcTagMode.Time;
        var reason = renamed.Text;

        yield return tags => IrcWriter.Format(IrcEventEncoder.TagsFor(renamed, timeOnly, tags), self, "PART", reason.Length == 0 ? [oldChannel] : [oldChannel, reason], trailing: reason.Length > 0);
        yield return tags => caps.Has(IrcCaps.ExtendedJoin)
            ? IrcWriter.Format(IrcEventEncoder.TagsFor(renamed, timeOnly, tags), self, "JOIN", [newChannel, "*", receiver.RealName], trailing: true)
            : IrcWriter.Format(IrcEventEncoder.TagsFor(renamed, timeOnly, tags), self, "JOIN", [newChannel]);

        if (room.Topic is { } topic)
        {
            yield return tags => IrcWriter.Format(tags, serverName, IrcNumerics.RplTopic, [nick, newChannel, topic.Text], trailing: true);
            yield return tags => IrcWriter.Format(tags, serverName, IrcNumerics.RplTopicWhoTime, [nick, newChannel, topic.SetBy, topic.SetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)]);
        }

        var symbol = room.Modes.Secret ? "@" : "=";
        foreach (var names in IrcChannelViews.NameLines(room, newChannel, nick, caps, serverName))
        {
            yield return tags => IrcWriter.Format(tags, serverName, IrcNumerics.RplNamReply, [nick, symbol, newChannel, names], trailing: true);
        }

        yield return tags => IrcWriter.Format(tags, serverName, IrcNumerics.RplEndOfNames, [nick, newChannel, "End of /NAMES list"]);
    }
}
