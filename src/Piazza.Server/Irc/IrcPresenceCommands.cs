using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// How a client shows itself to others, besides its nick: AWAY and SETNAME
/// (https://modern.ircdocs.horse/#away-message, https://ircv3.net/specs/extensions/setname).
/// </summary>
/// <remarks>Threads: the session's read loop only; keeps no state (it is the member's).</remarks>
internal sealed class IrcPresenceCommands(IIrcCommandContext context)
{
    /// <summary>AWAY [:message]: away with a message, back without.</summary>
    public ValueTask AwayAsync(IrcMessage message)
    {
        var text = message.Parameters.Count > 0 ? message.Parameters[0] : string.Empty;
        context.Hub.SetAway(context.Member, text);
        if (text.Length == 0)
        {
            context.Numeric(IrcNumerics.RplUnAway, "You are no longer marked as being away");
        }
        else
        {
            context.Numeric(IrcNumerics.RplNowAway, "You have been marked as being away");
        }

        return default;
    }

    /// <summary>SETNAME :realname, for clients that negotiated setname; an unknown command to others.</summary>
    public ValueTask SetNameAsync(IrcMessage message)
    {
        if (!context.Caps.Has(IrcCaps.SetName))
        {
            context.Numeric(IrcNumerics.ErrUnknownCommand, "SETNAME", "Unknown command");
            return default;
        }

        var changed = context.Hub.SetRealName(context.Member, message.Parameters[0]);
        var mode = context.Caps.TagMode;
        context.Reply(tags => IrcWriter.Format(IrcEventEncoder.TagsFor(changed, mode, tags), IrcEventEncoder.SourceOf(changed), "SETNAME", [changed.Text], trailing: true));
        return default;
    }
}
