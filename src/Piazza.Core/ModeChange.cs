namespace Piazza.Core;

/// <summary>
/// One change to a room's modes, asked for or applied: setting op on bob is (true, 'o', "bob").
/// </summary>
/// <remarks>
/// The letters (<c>b i k l m n o t v</c>) are the modes' names for both protocols and for the
/// settings (<see cref="ChatOptions.RoomModes"/>), so the hub keeps them rather than an enum of its
/// own. How changes are written in a line — signs, the compact form <c>+o-v bob alice</c>, which
/// letters take an argument — is the wire's: Protocol's <c>IrcModeString</c> reads and writes it.
/// </remarks>
/// <param name="Add">True to set the mode, false to unset it.</param>
/// <param name="Mode">The mode letter.</param>
/// <param name="Argument">The argument, for modes that take one (a nick, a mask, a key, a limit); else null.</param>
public readonly record struct ModeChange(bool Add, char Mode, string? Argument);
