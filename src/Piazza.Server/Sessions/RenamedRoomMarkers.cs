using Microsoft.Extensions.Logging;

using Piazza.Core;

namespace Piazza.Server.Sessions;

/// <summary>
/// After a room is renamed (IRC RENAME, plain /rename), its read markers (draft/read-marker, kept
/// per account and <c>#room</c>) follow it, so its readers keep their place. Run by the renaming
/// session's read loop once the hub has renamed the room: a marker a client sets for the old name
/// in between is moved too, one for the new name is kept if later.
/// </summary>
internal static partial class RenamedRoomMarkers
{
    /// <summary>Moves the markers of <c>#<paramref name="oldRoom"/></c> to <c>#<paramref name="newRoom"/></c>; a store failure is logged, not thrown (the rename has happened).</summary>
    public static async ValueTask MoveAsync(ChatHub hub, ILogger logger, string oldRoom, string newRoom)
    {
        try
        {
            await hub.ReadMarkers.MoveTargetAsync("#" + oldRoom, "#" + newRoom);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMoveFailed(logger, oldRoom, newRoom, ex);
        }
    }

    // Accounts' range (160–169), as the read markers' other failures.
    [LoggerMessage(EventId = 166, EventName = "ReadMarkersNotMoved", Level = LogLevel.Error, Message = "The read markers of room {OldRoom} could not follow its rename to {NewRoom}: readers keep them under the old name")]
    private static partial void LogMoveFailed(ILogger logger, string oldRoom, string newRoom, Exception exception);
}
