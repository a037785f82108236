namespace Piazza.Protocol.Irc;

/// <summary>One change in a channel mode string: <c>+o bob</c> is (true, 'o', "bob").</summary>
/// <param name="Add">'+' (true) or '-'.</param>
/// <param name="Mode">The mode letter.</param>
/// <param name="Argument">The argument, for modes that take one; null for none.</param>
public readonly record struct IrcModeChange(bool Add, char Mode, string? Argument);

/// <summary>A mode string as <see cref="IrcModeString.Parse"/> read it.</summary>
/// <param name="Changes">The changes, in the order written.</param>
/// <param name="Unknown">Letters that are no channel mode here, in the order written (repeats kept).</param>
/// <param name="MissingArgument">Letters that needed an argument and had none left.</param>
/// <param name="Lists">The list modes (<c>b</c>, <c>e</c>, <c>I</c>) that had no argument left: requests for those lists, each once, in the order written.</param>
public sealed record IrcModeRequest(IReadOnlyList<IrcModeChange> Changes, IReadOnlyList<char> Unknown, IReadOnlyList<char> MissingArgument, IReadOnlyList<char> Lists)
{
    /// <summary>True when a <c>b</c> had no argument left: a request for the ban list.</summary>
    public bool ListBans => Lists.Contains('b');
}
