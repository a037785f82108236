using Piazza.Core.History;

namespace Piazza.Storage.Tests.Infrastructure;

/// <summary>Messages for tests: "m{n}" in a room, said n seconds after a fixed start.</summary>
internal static class TestMessages
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(int second) => Start.AddSeconds(second);

    public static StoredMessage Make(string room, int n, string? id = null) =>
        new(id ?? $"m{n}", At(n), room, StoredKind.Message, $"nick{n % 7}", $"nick{n % 7}", $"nick{n % 7}!user@host", $"text {n}");

    public static string[] Ids(IEnumerable<StoredMessage> messages) => [.. messages.Select(m => m.MessageId)];

    public static string[] Ids(params int[] numbers) => [.. numbers.Select(n => $"m{n}")];

    public static string[] Range(int first, int last) => [.. Enumerable.Range(first, last - first + 1).Select(n => $"m{n}")];
}
