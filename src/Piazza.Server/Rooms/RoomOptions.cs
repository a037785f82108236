namespace Piazza.Server.Rooms;

/// <summary>
/// Registered rooms' settings, bound from the section <c>Rooms</c>; checked at startup by
/// <see cref="RoomOptionsValidator"/>. Registered rooms live where history does (History:Store).
/// </summary>
public sealed class RoomOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Rooms";

    /// <summary>The most rooms one account may register (ChanServ REGISTER, <c>/register-room</c>). Default 10.</summary>
    public int MaxRegisteredPerAccount { get; set; } = Core.Registrations.RoomRegistry.DefaultMaxPerAccount;
}
