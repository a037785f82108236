using System.Globalization;

using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// What a client is shown of channels: NAMES, LIST, and the topic and names that JOIN and TOPIC
/// show (https://modern.ircdocs.horse/#names-message, https://modern.ircdocs.horse/#list-message).
/// </summary>
/// <remarks>Threads: the session's read loop only; keeps no state.</remarks>
internal sealed class IrcChannelViews(IIrcCommandContext context)
{
    private ChatHub Hub => context.Hub;

    /// <summary>
    /// NAMES [#chan,…] (https://modern.ircdocs.horse/#names-message). Without a channel the
    /// spec says servers SHOULD answer one <c>366 * :End of /NAMES list</c>, and so do we (as
    /// Ergo does): listing every channel, or every user in none, would let anyone enumerate the
    /// server in one line. A channel that does not exist, or is secret (+s) and the asker is not
    /// in it, gets its own 366, no 353.
    /// </summary>
    public ValueTask NamesAsync(IrcMessage message)
    {
        if (message.Parameters.Count == 0)
        {
            context.Numeric(IrcNumerics.RplEndOfNames, "*", "End of /NAMES list");
            return default;
        }

        foreach (var channel in message.Parameters[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (IrcChannels.Find(Hub, channel) is { } room && room.IsVisibleTo(context.Member))
            {
                SendNames(room);
            }
            else
            {
                context.Numeric(IrcNumerics.RplEndOfNames, channel, "End of /NAMES list");
            }
        }

        return default;
    }

    /// <summary>
    /// LIST [item,…]: every open room, with its member count and topic; secret (+s) rooms only to
    /// their members. The items are channel names, masks and ELIST filters (<see cref="IrcListFilter"/>).
    /// </summary>
    public ValueTask ListAsync(IrcMessage message)
    {
        var wanted = message.Parameters.Count > 0 && message.Parameters[0].Length > 0
            ? Filtered(IrcListFilter.Parse(message.Parameters[0]))
            : Hub.Rooms;
        context.Numeric(IrcNumerics.RplListStart, "Channel", "Users  Name");
        foreach (var room in wanted.Where(r => r.IsVisibleTo(context.Member)))
        {
            context.Numeric(IrcNumerics.RplList, IrcEventEncoder.Channel(room), room.Count.ToString(CultureInfo.InvariantCulture), room.Topic?.Text ?? string.Empty);
        }

        context.Numeric(IrcNumerics.RplListEnd, "End of /LIST");
        return default;
    }

    /// <summary>
    /// The rooms <paramref name="filter"/> lets through: a mask without wildcards names one room
    /// (as JOIN reads it), one with them is matched as a ban mask is (<see cref="BanMask.Matches"/>)
    /// against "#name"; times are whole minutes before now.
    /// </summary>
    private IEnumerable<Room> Filtered(IrcListFilter filter)
    {
        var now = Hub.Time.GetUtcNow();
        var named = filter.Masks.Where(m => !IsGlob(m)).Select(m => IrcChannels.Find(Hub, m)).OfType<Room>().ToHashSet();
        var globs = filter.Masks.Where(IsGlob).ToArray();
        var anyName = filter.Masks.Count == 0;
        return Hub.Rooms.Where(room =>
        {
            var channel = IrcEventEncoder.Channel(room);
            return (anyName || named.Contains(room) || globs.Any(g => BanMask.Matches(g, channel)))
                && !filter.NotMasks.Any(m => BanMask.Matches(m, channel))
                && (filter.MoreUsersThan is not { } more || room.Count > more)
                && (filter.FewerUsersThan is not { } fewer || room.Count < fewer)
                && Within(now - room.CreatedAt, filter.CreatedMoreThanMinutesAgo, filter.CreatedLessThanMinutesAgo)
                && (filter.TopicMoreThanMinutesAgo is null && filter.TopicLessThanMinutesAgo is null
                    || (room.Topic is { } topic && Within(now - topic.SetAt, filter.TopicMoreThanMinutesAgo, filter.TopicLessThanMinutesAgo)));
        });
    }

    /// <summary>True when <paramref name="age"/> is more than <paramref name="moreMinutes"/> and less than <paramref name="lessMinutes"/> (each when given).</summary>
    private static bool Within(TimeSpan age, int? moreMinutes, int? lessMinutes) =>
        (moreMinutes is not { } more || age > TimeSpan.FromMinutes(more)) && (lessMinutes is not { } less || age < TimeSpan.FromMinutes(less));

    private static bool IsGlob(string mask) => mask.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>RPL_TOPIC and RPL_TOPICWHOTIME; with no topic, RPL_NOTOPIC when <paramref name="whenNone"/> (TOPIC asks for it, JOIN does not).</summary>
    public void SendTopic(Room room, bool whenNone)
    {
        var channel = IrcEventEncoder.Channel(room);
        if (room.Topic is { } topic)
        {
            context.Numeric(IrcNumerics.RplTopic, channel, topic.Text);
            context.Numeric(IrcNumerics.RplTopicWhoTime, channel, topic.SetBy, topic.SetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }
        else if (whenNone)
        {
            context.Numeric(IrcNumerics.RplNoTopic, channel, "No topic is set");
        }
    }

    /// <summary>RPL_NAMREPLY lines (as many as fit) and RPL_ENDOFNAMES; the symbol is <c>@</c> for a secret room, else <c>=</c>.</summary>
    public void SendNames(Room room)
    {
        var channel = IrcEventEncoder.Channel(room);
        var symbol = room.Modes.Secret ? "@" : "=";
        foreach (var names in NameLines(room, channel, context.Nick, context.Caps, context.Irc.ServerName))
        {
            context.Numeric(IrcNumerics.RplNamReply, symbol, channel, names);
        }

        context.Numeric(IrcNumerics.RplEndOfNames, channel, "End of /NAMES list");
    }

    /// <summary>
    /// The room's members as RPL_NAMREPLY's last parameter, split over as many lines as it takes
    /// for <paramref name="nick"/> (with its caps) to read them: NAMES, JOIN, and a rename's
    /// fallback (<see cref="IrcRenameFallback"/>, on a broadcaster's thread: this reads snapshots only).
    /// </summary>
    public static IEnumerable<string> NameLines(Room room, string channel, string nick, IrcCapabilitySet caps, string serverName)
    {
        var budget = 400 - serverName.Length - nick.Length - channel.Length;
        var line = new List<string>();
        var used = 0;
        foreach (var member in room.Members)
        {
            var name = IrcChannels.Prefix(room, member, caps) + (caps.Has(IrcCaps.UserhostInNames) ? IrcEventEncoder.SourceOf(member) : member.Nick);
            if (used + name.Length + 1 > budget && line.Count > 0)
            {
                yield return string.Join(' ', line);
                line.Clear();
                used = 0;
            }

            line.Add(name);
            used += name.Length + 1;
        }

        if (line.Count > 0)
        {
            yield return string.Join(' ', line);
        }
    }
}
