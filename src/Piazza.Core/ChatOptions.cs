namespace Piazza.Core;

/// <summary>
/// The chat's rules and limits, bound from the configuration section <c>Chat</c>
/// (appsettings.json, <c>PIAZZA__Chat__MaxLineBytes=…</c>, <c>--Chat:MaxLineBytes=…</c>).
/// Every limit says its default; README's settings table lists them all. The server checks
/// them at startup (ChatOptionsValidator) and ends with one line naming the key when one is wrong.
/// </summary>
public sealed class ChatOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Chat";

    /// <summary>The room everyone starts in. Default <c>lobby</c> (<c>#lobby</c> in IRC).</summary>
    public string DefaultRoom { get; set; } = "lobby";

    /// <summary>
    /// The longest line a client may send, in bytes, without its line ending. A longer line is
    /// refused with an error and discarded; the connection stays. Default 2,048.
    /// </summary>
    public int MaxLineBytes { get; set; } = 2048;

    /// <summary>
    /// How many bytes may wait to be sent to one client. A client that stops reading fills it
    /// and is disconnected ("send queue exceeded") so nobody else waits for it. Default 256 KiB.
    /// </summary>
    public int MaxSendQueueBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// How many clients may be connected at once; the next one is told why and closed.
    /// Default 10,000 (the process's file limit here is 20,000).
    /// </summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// When the number of open connections has moved by at least this many since the server last
    /// gave memory back, and then settles, the server runs one full collection that returns the
    /// freed memory to the operating system (a crowd that came or left; an idle server collects
    /// nothing by itself). 0 never does. Default 1,000.
    /// </summary>
    public int MemoryTrimConnections { get; set; } = 1000;

    /// <summary>How many rooms one client may be in at once. Default 50.</summary>
    public int MaxRoomsPerMember { get; set; } = 50;

    /// <summary>The longest nickname, in characters (all ASCII). Default 30.</summary>
    public int MaxNickLength { get; set; } = 30;

    /// <summary>The longest room name, in characters without the IRC '#'. Default 49.</summary>
    public int MaxRoomNameLength { get; set; } = 49;

    /// <summary>The longest topic, in UTF-8 bytes. Default 300.</summary>
    public int MaxTopicLength { get; set; } = 300;

    /// <summary>The modes a new room starts with, IRC's letters. Default <c>nt</c>: only operators set the topic, only members speak.</summary>
    public string RoomModes { get; set; } = "nt";

    /// <summary>The default room's modes. Default <c>n</c>: as in the seed, anyone in it may set its topic.</summary>
    public string DefaultRoomModes { get; set; } = "n";

    /// <summary>
    /// Rooms that always exist, without the IRC '#': they stay open when empty, keep their topic,
    /// modes and bans while the server runs, and never make their first joiner an operator (only a
    /// server operator, or someone one of them made +o, operates them). <see cref="DefaultRoom"/>
    /// is always one of them. Default none besides it. They start with <see cref="RoomModes"/>.
    /// </summary>
    public List<string> PermanentRooms { get; set; } = [];

    /// <summary>The most bans (+b) one room holds. Default 100.</summary>
    public int MaxBansPerRoom { get; set; } = 100;

    /// <summary>
    /// How many nicknames left (nick changes and quits) IRC's WHOWAS remembers, the oldest
    /// forgotten first; each nickname keeps at most its 10 newest. 0 remembers none. Default 1,000.
    /// </summary>
    public int MaxWhoWasEntries { get; set; } = 1000;

    /// <summary>The longest away message, quit, part or kick reason, in UTF-8 bytes; longer ones are cut. Default 300.</summary>
    public int MaxReasonLength { get; set; } = 300;

    /// <summary>
    /// The most nicks one client may watch (IRC's MONITOR list, ISUPPORT <c>MONITOR=</c>). Default 100.
    /// </summary>
    public int MaxMonitoredNicks { get; set; } = 100;

    /// <summary>The room mode letters a room may start with (<see cref="RoomModes"/>, <see cref="DefaultRoomModes"/>).</summary>
    public const string StartingModeLetters = "tnmi";

    /// <summary>
    /// What is wrong with these settings, one line per problem naming its key and the accepted
    /// form (<c>Chat:MaxLineBytes must be positive (was 0)</c>); empty when they are usable.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        Positive(problems, MaxLineBytes, nameof(MaxLineBytes));
        Positive(problems, MaxSendQueueBytes, nameof(MaxSendQueueBytes));
        Positive(problems, MaxConnections, nameof(MaxConnections));
        Positive(problems, MaxRoomsPerMember, nameof(MaxRoomsPerMember));
        Positive(problems, MaxNickLength, nameof(MaxNickLength));
        Positive(problems, MaxRoomNameLength, nameof(MaxRoomNameLength));
        Positive(problems, MaxTopicLength, nameof(MaxTopicLength));
        Positive(problems, MaxBansPerRoom, nameof(MaxBansPerRoom));
        Positive(problems, MaxReasonLength, nameof(MaxReasonLength));
        Positive(problems, MaxMonitoredNicks, nameof(MaxMonitoredNicks));
        if (MemoryTrimConnections < 0)
        {
            problems.Add($"{Section}:{nameof(MemoryTrimConnections)} must be 0 (off) or more (was {MemoryTrimConnections})");
        }

        if (MaxWhoWasEntries is < 0 or > 1_000_000)
        {
            problems.Add($"{Section}:{nameof(MaxWhoWasEntries)} must be 0 to 1000000 (was {MaxWhoWasEntries})");
        }

        if (MaxRoomNameLength > 0 && RoomName.Validate(DefaultRoom, MaxRoomNameLength, out _) is { } error)
        {
            problems.Add($"{Section}:{nameof(DefaultRoom)} must be a room name: {error} (was '{DefaultRoom}')");
        }

        // Here and not only in the hub: a bad permanent room is the operator's setting, told at
        // startup with the others (exit 2), not an exception when the hub is first made.
        for (var i = 0; i < PermanentRooms.Count && MaxRoomNameLength > 0; i++)
        {
            if (RoomName.Validate(PermanentRooms[i] ?? string.Empty, MaxRoomNameLength, out _) is { } why)
            {
                problems.Add($"{Section}:{nameof(PermanentRooms)}:{i} must be a room name: {why} (was '{PermanentRooms[i]}')");
            }
        }

        ModeLetters(problems, RoomModes, nameof(RoomModes));
        ModeLetters(problems, DefaultRoomModes, nameof(DefaultRoomModes));
        return problems;
    }

    /// <summary>Throws when a value is out of range, naming the setting (the first of <see cref="Problems"/>).</summary>
    public void Validate()
    {
        if (Problems() is [var first, ..])
        {
            throw new InvalidOperationException(first);
        }
    }

    private static void Positive(List<string> problems, int value, string name)
    {
        if (value <= 0)
        {
            problems.Add($"{Section}:{name} must be positive (was {value})");
        }
    }

    private static void ModeLetters(List<string> problems, string? letters, string name)
    {
        if (letters is null || letters.Any(c => !StartingModeLetters.Contains(c, StringComparison.Ordinal)))
        {
            problems.Add($"{Section}:{name} must be mode letters from {StartingModeLetters}, or empty (was '{letters}')");
        }
    }
}
