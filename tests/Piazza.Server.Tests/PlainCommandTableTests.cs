using Microsoft.Extensions.Logging;

using Piazza.Core;
using Piazza.Protocol.Line;
using Piazza.Server.Accounts;
using Piazza.Server.History;
using Piazza.Server.Operators;
using Piazza.Server.Plain;
using Piazza.Server.Sessions;

namespace Piazza.Server.Tests;

/// <summary>
/// <see cref="PlainCommandTable"/> agrees with the parser, and its handlers need no more of a
/// session than <see cref="IPlainCommandContext"/> (here a fake one that only records replies).
/// </summary>
public sealed class PlainCommandTableTests
{
    [Fact]
    public void The_parser_reads_each_name_and_alias_of_the_table_as_its_command()
    {
        foreach (var entry in PlainCommandTable.All)
        {
            foreach (var name in entry.Aliases.Prepend(entry.Name))
            {
                Assert.Equal(entry.Kind, LineCommandParser.Parse(name).Kind);
                Assert.Equal(entry.Kind, LineCommandParser.Parse(name.ToUpperInvariant() + " x").Kind);
            }
        }
    }

    [Fact]
    public void Every_kind_of_line_but_an_unknown_command_has_a_handler_and_each_command_one_entry()
    {
        foreach (var kind in Enum.GetValues<LineCommandKind>())
        {
            Assert.Equal(kind != LineCommandKind.Unknown, PlainCommandTable.Handles(kind));
        }

        Assert.Equal(PlainCommandTable.All.Count, PlainCommandTable.All.Select(e => e.Kind).Distinct().Count());
    }

    [Fact]
    public async Task Help_unknown_commands_exit_and_empty_lines_need_only_the_context()
    {
        var context = new RecordingContext();

        Assert.Null(await PlainCommandTable.RunAsync(context, LineCommandParser.Parse("/help")));
        Assert.Equal(PlainCommandTable.HelpLines.Select(l => "* " + l), context.Sent);

        context.Sent.Clear();
        Assert.Null(await PlainCommandTable.RunAsync(context, LineCommandParser.Parse("/frobnicate now")));
        Assert.Null(await PlainCommandTable.RunAsync(context, LineCommandParser.Parse("   ")));
        Assert.Equal("", await PlainCommandTable.RunAsync(context, LineCommandParser.Parse(" exit ")));
        Assert.Equal(["! unknown command /frobnicate; /help lists the commands", "* bye"], context.Sent);
    }

    /// <summary>A context that records what the client is sent; anything else is not there.</summary>
    private sealed class RecordingContext : IPlainCommandContext
    {
        public List<string> Sent { get; } = [];

        public ChatHub Hub => throw new InvalidOperationException("no hub here");

        public Member Member => throw new InvalidOperationException("no member here");

        public string Address => "192.0.2.1:5000";

        public ILogger Logger => throw new InvalidOperationException("no logger here");

        public HistoryReplay Replay => throw new InvalidOperationException("no history here");

        public HistoryOptions HistoryOptions => throw new InvalidOperationException("no history here");

        public OperatorAuthenticator Operators => throw new InvalidOperationException("no operators here");

        public AccountAuthenticator Accounts => throw new InvalidOperationException("no accounts here");

        public void SendNotice(string text) => Sent.Add("* " + text);

        public void SendError(string text) => Sent.Add("! " + text);
    }
}
