namespace Piazza.Core;

/// <summary>
/// Who in a room receives a message: everyone, or only those with a status there (IRC's
/// STATUSMSG, https://modern.ircdocs.horse/#statusmsg-parameter: <c>PRIVMSG @#room</c>, <c>+#room</c>).
/// </summary>
public enum RoomAudience
{
    /// <summary>Every member: an ordinary room message.</summary>
    Everyone,

    /// <summary>Voiced members and operators (IRC <c>+#room</c>).</summary>
    VoicedAndOperators,

    /// <summary>Operators only (IRC <c>@#room</c>).</summary>
    Operators,
}
