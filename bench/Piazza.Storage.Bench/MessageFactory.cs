using System.Globalization;

using Piazza.Core.History;

namespace Piazza.Storage.Bench;

/// <summary>Messages shaped like the server's: msgids of a random prefix and a hex counter, rooms in turn, ~80 characters of text.</summary>
internal sealed class MessageFactory(int rooms)
{
    private readonly string _prefix = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 5));
    private readonly string[] _rooms = [.. Enumerable.Range(0, rooms).Select(r => string.Create(CultureInfo.InvariantCulture, $"room{r}"))];
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private int _next;

    public int Count => _next;

    public string Room(int index) => _rooms[index];

    public string Id(int n) => _prefix + n.ToString("x", CultureInfo.InvariantCulture);

    public StoredMessage[] Make(int count)
    {
        var made = new StoredMessage[count];
        for (var i = 0; i < count; i++)
        {
            made[i] = Next();
        }

        return made;
    }

    public StoredMessage Next()
    {
        var n = _next++;
        var nick = string.Create(CultureInfo.InvariantCulture, $"user{n % 500}");
        return new StoredMessage(
            Id(n),
            _start.AddTicks(n * 10L),
            _rooms[n % _rooms.Length],
            StoredKind.Message,
            nick,
            nick,
            nick + "!u@127.0.0.1",
            "the quick brown fox jumps over the lazy dog, and then some more words to reach 80 c");
    }
}
