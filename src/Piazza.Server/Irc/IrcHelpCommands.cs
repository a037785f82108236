using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// HELP and HELPOP (https://modern.ircdocs.horse/#help-message), from <see cref="IrcHelpTable"/>:
/// <code>
///   HELP            704 &lt;you&gt; * :** Piazza help **, 705 … (the commands), 706 &lt;you&gt; * :End of /HELP
///   HELP command    704 &lt;you&gt; COMMAND :syntax, 705 … (what it does), 706 &lt;you&gt; COMMAND :End of /HELP
///   HELP unknown    524 &lt;you&gt; unknown :No help available on this topic
/// </code>
/// </summary>
/// <remarks>Threads: the session's read loop only; keeps no state.</remarks>
internal sealed class IrcHelpCommands(IIrcCommandContext context)
{
    /// <summary>How many command names one 705 line of the topic list holds.</summary>
    private const int NamesPerLine = 10;

    /// <summary>The longest unknown subject 524 echoes back.</summary>
    private const int MaxEchoedSubject = 32;

    /// <summary>HELP [subject] and HELPOP [subject].</summary>
    public ValueTask HelpAsync(IrcMessage message)
    {
        var subject = message.Parameters.Count > 0 ? message.Parameters[0] : string.Empty;
        if (subject.Length == 0)
        {
            context.Numeric(IrcNumerics.RplHelpStart, "*", "** Piazza help: the commands (HELP <command> tells more) **");
            foreach (var names in IrcHelpTable.All.Select(t => t.Name).Chunk(NamesPerLine))
            {
                context.Numeric(IrcNumerics.RplHelpTxt, "*", string.Join(' ', names));
            }

            context.Numeric(IrcNumerics.RplEndOfHelp, "*", "End of /HELP");
            return default;
        }

        if (IrcHelpTable.Find(subject) is not { } topic)
        {
            // No topic is longer than this; a longer subject is echoed as * rather than at length.
            context.Numeric(IrcNumerics.ErrHelpNotFound, subject.Length <= MaxEchoedSubject ? subject : "*", "No help available on this topic");
            return default;
        }

        context.Numeric(IrcNumerics.RplHelpStart, topic.Name, topic.Syntax);
        foreach (var line in topic.Lines)
        {
            context.Numeric(IrcNumerics.RplHelpTxt, topic.Name, line);
        }

        context.Numeric(IrcNumerics.RplEndOfHelp, topic.Name, "End of /HELP");
        return default;
    }
}
