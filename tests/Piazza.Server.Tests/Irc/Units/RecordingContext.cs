using System.Text;

using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Irc;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>
/// A session as the command families see it, without a connection: it records what they reply,
/// numerics as "code args…" (no server or nick: the session adds those), FAIL as
/// "FAIL command code context… text", other lines as the session would send them unlabelled
/// (echoes too), and what registration did to the session (<see cref="Entered"/>,
/// <see cref="EndedWith"/>, <see cref="CutWith"/>).
/// </summary>
internal sealed class RecordingContext(ChatHub hub, IrcCapabilitySet? caps = null) : IIrcCommandContext, IIrcSessionControl
{
    private int _batches;

    /// <summary>What was replied, in order.</summary>
    public List<string> Replies { get; } = [];

    /// <summary>What the client's member is delivered (what others do, and what it does itself in the hub).</summary>
    public RecordingSink Sink { get; } = new();

    public ChatHub Hub => hub;

    public IrcOptions Irc { get; } = new() { ServerName = "irc.test", Network = "TestNet", Motd = [] };

    public IrcCapabilitySet Caps { get; } = caps ?? new(historyOn: hub.History is not null);

    /// <summary>The member, once <see cref="Enter"/> or <see cref="Register"/> made it.</summary>
    public Member? Joined { get; private set; }

    public Member Member => Joined ?? throw new InvalidOperationException("not registered");

    public string Nick => Joined?.Nick ?? "*";

    public string Address => "127.0.0.1:50000";

    public string Host => "host";

    public bool IsSecure => false;

    /// <summary>True once registration put the client in the hub.</summary>
    public bool Entered => Joined is not null;

    /// <summary>The reason End gave, and the ERROR line before it.</summary>
    public (string Error, string Reason)? EndedWith { get; private set; }

    /// <summary>The reason Cut gave.</summary>
    public string? CutWith { get; private set; }

    /// <summary>An IRC line as the parser reads it.</summary>
    public static IrcMessage Parse(string line)
    {
        Assert.Equal(IrcParseStatus.Ok, IrcParser.TryParse(Encoding.UTF8.GetBytes(line), out var message));
        return message!;
    }

    /// <summary>Puts the client in the hub as <paramref name="nick"/> without registration commands.</summary>
    public Member Register(string nick)
    {
        Assert.Equal(ChatError.None, Enter(MemberInfoFor(nick)));
        return Member;
    }

    /// <summary>Someone else in the hub, whose deliveries <paramref name="sink"/> records.</summary>
    public Member Connect(string nick, RecordingSink? sink = null)
    {
        Assert.Equal(ChatError.None, hub.Connect(MemberInfoFor(nick), sink ?? new RecordingSink(), joinDefaultRoom: false, out var member));
        return member!;
    }

    public void Numeric(string code, params string[] args) => Replies.Add(code + " " + string.Join(' ', args));

    public void ServerReply(string command, params string[] args) => Replies.Add(command + " " + string.Join(' ', args));

    public void Fail(string command, string code, string[] context, string description) =>
        Replies.Add(string.Join(' ', ["FAIL", command, code, .. context, description]));

    public void Echo(ChatEvent chatEvent) => Reply(_ => chatEvent.EncodedFor(IrcEventEncoder.For(IrcTagMode.None, extendedJoin: false, accountTag: false)));

    public void Reply(Func<string?, byte[]> line) => Replies.Add(Encoding.UTF8.GetString(line(null)).TrimEnd('\r', '\n'));

    public string? DeferLabel() => null;

    public void Relabel(string? label)
    {
    }

    public string NextBatchReference(char kind) => kind + (++_batches).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public ChatError Enter(MemberInfo info)
    {
        var error = hub.Connect(info, Sink, joinDefaultRoom: false, out var member);
        Joined = error == ChatError.None ? member : Joined;
        return error;
    }

    public void End(string error, string reason) => EndedWith = (error, reason);

    public void Cut(string reason) => CutWith = reason;

    private static MemberInfo MemberInfoFor(string nick) =>
        new("127.0.0.1", "host", "~" + nick, char.ToUpperInvariant(nick[0]) + nick[1..], nick);
}

/// <summary>A member's sink that keeps what it is delivered.</summary>
internal sealed class RecordingSink : IMemberSink
{
    public List<ChatEvent> Delivered { get; } = [];

    public string? ClosedWith { get; private set; }

    public void Deliver(ChatEvent chatEvent) => Delivered.Add(chatEvent);

    public void Close(string reason) => ClosedWith = reason;
}
