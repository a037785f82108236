namespace Piazza.Core.WhoWas;

/// <summary>A nickname someone held, as IRC's WHOWAS shows it: who held it and when they left it.</summary>
/// <param name="Nick">The nickname left.</param>
/// <param name="User">The holder's user name (IRC's <c>~ident</c>).</param>
/// <param name="Host">The holder's host.</param>
/// <param name="RealName">The holder's real name.</param>
/// <param name="LeftAt">When the holder changed nick or quit.</param>
public sealed record WhoWasEntry(string Nick, string User, string Host, string RealName, DateTimeOffset LeftAt);
