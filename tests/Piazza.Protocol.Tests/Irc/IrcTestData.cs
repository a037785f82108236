using System.Globalization;
using System.Text;

using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

/// <summary>Helpers shared by the IRC tests: bytes, parsing shortcuts, random data.</summary>
internal static class IrcTestData
{
    /// <summary>Characters random text is drawn from: ASCII, the IRC specials, Latin-1, CJK, emoji.</summary>
    private static readonly string[] Alphabet =
    [
        "a", "b", "Z", "0", "9", "-", "_", ".", "#", "!", "@", "*", "?", "/", "+", "=", ";", ":", " ", "\\",
        "\t", "\u0001", "\u0002", "\u0003", "\u001b", "\u007f", "\u00e9", "\u00df", "\u00a0", "\u0085",
        "\u65e5", "\u672c", "\uff01", "\U0001F600", "\U0001F44B\U0001F3FD", "\u200d", "\ufeff", "\ufffd",
    ];

    private static readonly string[] KeyAlphabet = ["a", "z", "A", "Q", "0", "7", "-"];

    /// <summary>"C0 80" or "c080" to bytes.</summary>
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>Bytes to "C0 80".</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).Chunk(2).Aggregate(
        new StringBuilder(),
        static (text, pair) => (text.Length == 0 ? text : text.Append(' ')).Append(pair)).ToString();

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Parses a line given as text (UTF-8), asserting <see cref="IrcParseStatus.Ok"/>.</summary>
    public static IrcMessage Parse(string line)
    {
        var status = IrcParser.TryParse(Utf8(line), out var message);
        Assert.Equal(IrcParseStatus.Ok, status);
        Assert.NotNull(message);
        return message;
    }

    public static IrcParseStatus Status(string line) => IrcParser.TryParse(Utf8(line), out _);

    /// <summary>Tags as "k=v" lines, sorted, so that two dictionaries compare with a readable diff.</summary>
    public static string[] TagLines(IReadOnlyDictionary<string, string> tags) =>
        [.. tags.Select(static tag => tag.Key + "=" + tag.Value).Order(StringComparer.Ordinal)];

    /// <summary>Pairs "k1", "v1", "k2", "v2" as "k=v" lines, sorted.</summary>
    public static string[] TagLines(params string[] pairs) =>
        [.. pairs.Chunk(2).Select(static pair => pair[0] + "=" + pair[1]).Order(StringComparer.Ordinal)];

    public static void AssertSameMessage(IrcMessage expected, IrcMessage actual)
    {
        Assert.Equal(expected.Command, actual.Command);
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.Equal(TagLines(expected.Tags), TagLines(actual.Tags));
    }

    /// <summary>Random text of 0 to <paramref name="maxLength"/> alphabet entries.</summary>
    public static string Text(Random random, int maxLength)
    {
        var text = new StringBuilder();
        var length = random.Next(maxLength + 1);
        for (var i = 0; i < length; i++)
        {
            text.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return text.ToString();
    }

    /// <summary>A word: not empty, no space, no leading ':'.</summary>
    public static string Word(Random random, int maxLength)
    {
        var word = Text(random, maxLength).Replace(" ", string.Empty, StringComparison.Ordinal).TrimStart(':');
        return word.Length == 0 ? "w" : word;
    }

    /// <summary>A random message the writer can send as is: it must round-trip exactly.</summary>
    public static IrcMessage Message(Random random)
    {
        var command = random.Next(4) == 0
            ? random.Next(1000).ToString("000", CultureInfo.InvariantCulture)
            : new string([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)('A' + random.Next(26)))]);
        var source = random.Next(3) == 0 ? null : Word(random, 30);
        var parameters = new string[random.Next(16)];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = i == parameters.Length - 1 ? Text(random, 40) : Word(random, 12);
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var tagCount = random.Next(3) == 0 ? random.Next(6) : 0;
        for (var i = 0; i < tagCount; i++)
        {
            tags[TagKey(random)] = random.Next(4) == 0 ? string.Empty : Text(random, 20) + "\r\n"[..random.Next(3)];
        }

        return new IrcMessage(command, parameters, tags, source);
    }

    /// <summary>A tag key of the spec's shape: [ "+" ] [ vendor "/" ] name.</summary>
    public static string TagKey(Random random)
    {
        var key = new StringBuilder();
        if (random.Next(2) == 0)
        {
            key.Append('+');
        }

        if (random.Next(3) == 0)
        {
            key.Append("example.com/");
        }

        var length = random.Next(1, 10);
        for (var i = 0; i < length; i++)
        {
            key.Append(KeyAlphabet[random.Next(KeyAlphabet.Length)]);
        }

        return key.ToString();
    }

    /// <summary>Random bytes, biased towards the bytes the grammar cares about.</summary>
    public static byte[] Bytes(Random random, int maxLength)
    {
        ReadOnlySpan<byte> special = [(byte)' ', (byte)':', (byte)'@', (byte)';', (byte)'=', (byte)'\\', (byte)'+', 0x00, 0x0D, 0x0A, 0xFF, 0xC3, 0xA9, 0xF0, 0x9F, 0x80];
        var bytes = new byte[random.Next(maxLength + 1)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = random.Next(3) == 0 ? special[random.Next(special.Length)] : (byte)random.Next(256);
        }

        return bytes;
    }

    /// <summary>One random edit of <paramref name="line"/>: flip, insert, delete, or repeat a range.</summary>
    public static byte[] Mutate(Random random, byte[] line)
    {
        var bytes = new List<byte>(line);
        var at = random.Next(bytes.Count + 1);
        switch (random.Next(5))
        {
            case 0 when at < bytes.Count:
                bytes[at] = (byte)random.Next(256);
                break;
            case 1:
                bytes.Insert(at, Bytes(random, 1).FirstOrDefault((byte)' '));
                break;
            case 2 when at < bytes.Count:
                bytes.RemoveRange(at, random.Next(1, bytes.Count - at + 1));
                break;
            case 3 when at < bytes.Count:
                bytes.InsertRange(at, bytes.GetRange(at, random.Next(1, Math.Min(40, bytes.Count - at) + 1)));
                break;
            default:
                bytes.Insert(at, "@:; \\="u8[random.Next(6)]);
                break;
        }

        return [.. bytes];
    }
}
