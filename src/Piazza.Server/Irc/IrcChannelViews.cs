using System.Globalization;

using Piazza.Core;
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

    /// <summary>LIST [#chan,…]: every open room, with its member count and topic; secret (+s) rooms only to their members.</summary>
    public ValueTask ListAsync(IrcMessage message)
    {
        var wanted = message.Parameters.Count > 0
            ? message.Parameters[0].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => IrcChannels.Find(Hub, c)).OfType<Room>()
            : Hub.Rooms;
        context.Numeric(IrcNumerics.RplListStart, "Channel", "Users  Name");
        foreach (var room in wanted.Where(r => r.IsVisibleTo(context.Member)))
        {
            context.Numeric(IrcNumerics.RplList, IrcEventEncoder.Channel(room), room.Count.ToString(CultureInfo.InvariantCulture), room.Topic?.Text ?? string.Empty);
        }

        context.Numeric(IrcNumerics.RplListEnd, "End of /LIST");
        return default;
    }

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
        var budget = 400 - context.Irc.ServerName.Length - context.Nick.Length - channel.Length;
        var line = new List<string>();
        var used = 0;
        foreach (var member in room.Members)
        {
            var name = IrcChannels.Prefix(room, member, context.Caps) + (context.Caps.Has(IrcCaps.UserhostInNames) ? IrcEventEncoder.SourceOf(member) : member.Nick);
            if (used + name.Length + 1 > budget && line.Count > 0)
            {
                context.Numeric(IrcNumerics.RplNamReply, symbol, channel, string.Join(' ', line));
                line.Clear();
                used = 0;
            }

            line.Add(name);
            used += name.Length + 1;
        }

        if (line.Count > 0)
        {
            context.Numeric(IrcNumerics.RplNamReply, symbol, channel, string.Join(' ', line));
        }

        context.Numeric(IrcNumerics.RplEndOfNames, channel, "End of /NAMES list");
    }
}
