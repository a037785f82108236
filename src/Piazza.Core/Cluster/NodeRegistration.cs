using Piazza.Core.Registrations;

namespace Piazza.Core.Cluster;

/// <summary>
/// A room's registration as one node changed it (ChanServ REGISTER, an operator account added or
/// taken off, UNREGISTER), for the others: the whole registration, not the change, so taking it
/// twice changes nothing. The node where it changed writes it to the store; the others only take it.
/// </summary>
/// <param name="Room">The room's name.</param>
/// <param name="Registration">The registration now; null when it ended.</param>
public sealed record NodeRegistration(string Room, RoomRegistration? Registration);
