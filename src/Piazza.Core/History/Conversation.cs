namespace Piazza.Core.History;

/// <summary>
/// The key under which the private messages between two accounts are stored: one conversation
/// per pair of accounts, whatever nicks they use and from whichever connection, so it follows
/// both users across nick changes and devices. The store keeps it where a room's name goes
/// (<see cref="StoredMessage.Room"/>, and every <see cref="IMessageStore"/> query that takes a room).
/// </summary>
/// <remarks>
/// <code>
///   key = "@" account "@" account    (both in lower case, the smaller first: ordinal order)
/// </code>
/// It cannot be a room's name (<see cref="RoomName"/>: letters, digits, <c>- _ .</c>) nor hold a
/// third '@' (accounts are nicknames, <see cref="NickName"/>), so it never collides with a room and
/// splits back into its two accounts. Accounts compare ignoring ASCII case, as the key does.
/// A message to oneself is the conversation of an account with itself.
/// </remarks>
public static class Conversation
{
    /// <summary>The conversation of <paramref name="account"/> and <paramref name="other"/> (in either order).</summary>
    public static string Key(string account, string other)
    {
        var a = account.ToLowerInvariant();
        var b = other.ToLowerInvariant();
        return string.CompareOrdinal(a, b) <= 0 ? "@" + a + "@" + b : "@" + b + "@" + a;
    }

    /// <summary>Whether <paramref name="room"/> is a conversation key rather than a room's name.</summary>
    public static bool IsKey(string room) => room.StartsWith('@');

    /// <summary>
    /// The account <paramref name="account"/> talks to in the conversation <paramref name="key"/>
    /// (in lower case); null when the key is not a conversation of that account.
    /// </summary>
    public static string? Other(string key, string account)
    {
        if (!IsKey(key))
        {
            return null;
        }

        var split = key.IndexOf('@', 1);
        if (split < 0)
        {
            return null;
        }

        var first = key[1..split];
        var second = key[(split + 1)..];
        return NickName.Comparer.Equals(first, account) ? second
            : NickName.Comparer.Equals(second, account) ? first
            : null;
    }
}
