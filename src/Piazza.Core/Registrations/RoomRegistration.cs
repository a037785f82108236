namespace Piazza.Core.Registrations;

/// <summary>
/// What registering a room gives it (ChanServ REGISTER, plain <c>/register-room</c>): its founder,
/// when, and the accounts given operator status on joining. Immutable, swapped whole under the
/// room's lock (<see cref="Room.Registration"/>).
/// </summary>
/// <param name="Founder">The account that registered the room; it is always made operator on joining.</param>
/// <param name="RegisteredAt">When it was registered.</param>
/// <param name="Operators">
/// The other accounts made operator on joining: every account an operator gave <c>+o</c> while the
/// room was registered, less those given <c>-o</c> since. Compared as nicks are (<see cref="NickName.Comparer"/>).
/// </param>
public sealed record RoomRegistration(string Founder, DateTimeOffset RegisteredAt, IReadOnlyList<string> Operators)
{
    /// <summary>True when <paramref name="account"/> is the founder or on the operator list.</summary>
    public bool GivesOperator(string? account) =>
        account is not null && (NickName.Comparer.Equals(account, Founder) || Operators.Contains(account, NickName.Comparer));

    /// <summary>
    /// This registration with <paramref name="account"/> added to (or taken off) the operator list;
    /// itself when that changes nothing. The founder is never on the list: it is operator anyway.
    /// </summary>
    public RoomRegistration WithOperator(string account, bool add)
    {
        if (NickName.Comparer.Equals(account, Founder) || Operators.Contains(account, NickName.Comparer) == add)
        {
            return this;
        }

        return this with
        {
            Operators = add ? [.. Operators, account] : [.. Operators.Where(a => !NickName.Comparer.Equals(a, account))],
        };
    }

    /// <summary>True when the two hold the same founder, time and operators, in order.</summary>
    public bool Equals(RoomRegistration? other) =>
        other is not null && Founder == other.Founder && RegisteredAt == other.RegisteredAt && Operators.SequenceEqual(other.Operators);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Founder, RegisteredAt, Operators.Count);
}

/// <summary>
/// A registered room as it is stored: its name, its registration, and the settings it keeps across
/// restarts (modes with key and limit, and the three list modes with who set each entry when).
/// The topic is not here: every room's topic outlives restarts through the history store already.
/// </summary>
/// <param name="Name">The room's name, without the IRC '#', as it was written.</param>
/// <param name="Registration">Founder, time, operator accounts.</param>
/// <param name="Modes">The room's modes.</param>
/// <param name="Bans">+b, oldest first.</param>
/// <param name="Exceptions">+e, oldest first.</param>
/// <param name="InviteExceptions">+I, oldest first.</param>
public sealed record StoredRoom(
    string Name,
    RoomRegistration Registration,
    RoomModes Modes,
    IReadOnlyList<RoomBan> Bans,
    IReadOnlyList<RoomBan> Exceptions,
    IReadOnlyList<RoomBan> InviteExceptions)
{
    /// <summary>The room's settings now, if it is registered; null when it is not.</summary>
    public static StoredRoom? Of(Room room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return room.ToStored();
    }

    /// <summary>True when every setting is the same (lists in order).</summary>
    public bool Equals(StoredRoom? other) =>
        other is not null && Name == other.Name && Registration.Equals(other.Registration) && Modes == other.Modes
        && Bans.SequenceEqual(other.Bans) && Exceptions.SequenceEqual(other.Exceptions) && InviteExceptions.SequenceEqual(other.InviteExceptions);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Registration, Modes);
}
