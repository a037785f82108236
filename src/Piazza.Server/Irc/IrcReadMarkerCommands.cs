using Piazza.Core;
using Piazza.Core.ReadMarkers;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// MARKREAD (IRCv3 draft/read-marker, https://ircv3.net/specs/extensions/read-marker): a client
/// says up to when its user has read a channel or a nick's messages, or asks; the marker is kept
/// per account and target (<see cref="ChatHub.ReadMarkers"/>), so every connection of the account
/// agrees, and one that moves it is shown to the others with the cap. A channel's marker also
/// follows the JOIN (<see cref="LookUpForJoinAsync"/>).
/// </summary>
/// <remarks>
/// A client not logged in has markers of its own connection only, kept here and gone when it
/// closes (the spec's markers are a user's; without an account, the connection is all the server
/// knows of one): it is answered the same, and shares them with no one. Logging in later switches
/// to the account's markers. Threads: the session's read loop only; the stores are thread-safe.
/// </remarks>
internal sealed partial class IrcReadMarkerCommands(IIrcCommandContext context, ILogger logger)
{
    private const string Command = "MARKREAD";

    /// <summary>What the server says when it knows no marker.</summary>
    private const string Unknown = "*";

    private const string TimestampPrefix = "timestamp=";

    // The markers of this connection while it is not logged in (one account name: this one),
    // made at its first MARKREAD or JOIN: an idle connection holds no store (~440 B).
    private InMemoryReadMarkerStore? _connectionMarkers;

    private ChatHub Hub => context.Hub;

    /// <summary>
    /// <c>MARKREAD &lt;target&gt;</c> asks; <c>MARKREAD &lt;target&gt; timestamp=YYYY-MM-DDThh:mm:ss.sssZ</c>
    /// sets. Either way the answer is <c>:server MARKREAD &lt;target&gt; timestamp=…|*</c>, what is
    /// stored. A set only moves the marker forward, and never past now (the spec's clamp: a marker
    /// in the future would hide every message until then).
    /// </summary>
    /// <remarks>
    /// Errors: <c>FAIL MARKREAD NEED_MORE_PARAMS</c>; <c>FAIL MARKREAD INVALID_PARAMS &lt;param&gt;</c>
    /// for a target that is no channel or nick name, or a timestamp that does not parse (<c>*</c>
    /// included: only the server says that); <c>FAIL MARKREAD INTERNAL_ERROR &lt;target&gt;</c> when
    /// the store fails.
    /// </remarks>
    public async ValueTask MarkReadAsync(IrcMessage message)
    {
        if (message.Parameters.Count == 0)
        {
            Fail("NEED_MORE_PARAMS", [], "Missing parameters");
            return;
        }

        var target = message.Parameters[0];
        if (!IsTarget(target))
        {
            Fail("INVALID_PARAMS", [target], "Invalid target");
            return;
        }

        var (store, account) = Owner();
        if (message.Parameters.Count == 1)
        {
            try
            {
                Show(target, Format(await store.GetAsync(account, target)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStoreFailed(logger, account, target, ex);
                Fail("INTERNAL_ERROR", [target], "The read timestamp could not be read");
            }

            return;
        }

        var timestamp = message.Parameters[1];
        if (!timestamp.StartsWith(TimestampPrefix, StringComparison.Ordinal) || !IrcServerTime.TryParse(timestamp[TimestampPrefix.Length..], out var readAt))
        {
            Fail("INVALID_PARAMS", [timestamp], "Invalid timestamp");
            return;
        }

        ReadMarkerChange change;
        try
        {
            change = await store.AdvanceAsync(account, target, Clamp(readAt));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStoreFailed(logger, account, target, ex);
            Fail("INTERNAL_ERROR", [target], "The read timestamp could not be set");
            return;
        }

        var marker = Format(change.Stored);
        Show(target, marker);
        if (change.Moved && ReferenceEquals(store, Hub.ReadMarkers))
        {
            foreach (var other in Hub.OtherSessionsOf(account, context.Member))
            {
                (other.Sink as IIrcReadMarkerSink)?.ShowReadMarker(target, marker);
            }
        }
    }

    /// <summary>
    /// The marker to show after joining <paramref name="channel"/>, looked up before the join so
    /// nothing waits between the JOIN and its names; null when the client has no draft/read-marker.
    /// </summary>
    public async ValueTask<JoinMarker?> LookUpForJoinAsync(string channel)
    {
        if (!context.Caps.Has(IrcCaps.ReadMarker) || !IsTarget(channel))
        {
            return null;
        }

        var (store, account) = Owner();
        try
        {
            return new JoinMarker(Format(await store.GetAsync(account, channel)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStoreFailed(logger, account, channel, ex);
            return new JoinMarker(null);
        }
    }

    /// <summary>
    /// After the JOIN of <paramref name="channel"/> (as the JOIN named it) and before its names, as
    /// the spec asks: <c>MARKREAD #chan timestamp=…|*</c>, or the FAIL of a store that failed.
    /// </summary>
    public void ShowAfterJoin(string channel, JoinMarker marker)
    {
        if (marker.Marker is { } known)
        {
            Show(channel, known);
        }
        else
        {
            Fail("INTERNAL_ERROR", [channel], "The read timestamp could not be read");
        }
    }

    /// <summary><c>:server MARKREAD &lt;target&gt; &lt;marker&gt;</c> as a line, for <see cref="IIrcReadMarkerSink"/>.</summary>
    public static byte[] Line(string serverName, string target, string marker) =>
        IrcWriter.Format(null, serverName, Command, [target, marker]);

    /// <summary>The marker of a channel joined: its value on the wire, or null when the store failed.</summary>
    internal sealed record JoinMarker(string? Marker);

    private static string Format(DateTimeOffset? readAt) => readAt is { } time ? TimestampPrefix + IrcServerTime.Format(time) : Unknown;

    /// <summary>Where this client's markers are: its account's, or its connection's when it is not logged in.</summary>
    private (IReadMarkerStore Store, string Account) Owner() =>
        context.Member.Account is { } account ? (Hub.ReadMarkers, account) : (_connectionMarkers ??= new(), string.Empty);

    /// <summary>A channel (#name) or a nick, by the server's rules for them; whether either exists does not matter.</summary>
    private bool IsTarget(string target) => target.StartsWith('#')
        ? RoomName.Validate(target, Hub.Options.MaxRoomNameLength, out _) is null
        : NickName.Validate(target, Hub.Options.MaxNickLength) is null;

    /// <summary>Not past now, in whole milliseconds (what the wire shows, so an answer set again is no move).</summary>
    private DateTimeOffset Clamp(DateTimeOffset readAt)
    {
        var now = Hub.Time.GetUtcNow();
        var clamped = readAt > now ? now : readAt;
        return new DateTimeOffset(clamped.UtcTicks - (clamped.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    private void Show(string target, string marker) => context.ServerReply(Command, target, marker);

    private void Fail(string code, string[] parameters, string description) =>
        context.ServerReply("FAIL", [Command, code, .. parameters.Select(IrcText.ForEcho), description]);
}
