using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests.Irc;

/// <summary>
/// Every input that ever surprised the parser or the writer, as hex, with what it must give.
/// Add to it whenever a property test fails: the failure message prints the input in hex.
/// </summary>
public class IrcParserCorpusTests
{
    /// <param name="hex">The line, without CR LF.</param>
    /// <param name="status">What the parser must say.</param>
    /// <param name="rendering">The message's <see cref="IrcMessage.ToString"/>; null to check only the status and round trip.</param>
    [Theory]

    // Tags or a source and nothing else.
    [InlineData("40 61 3D 62", IrcParseStatus.NoCommand, null)] // @a=b
    [InlineData("40 61 3D 31 20 3A", IrcParseStatus.NoCommand, null)] // @a=1 :
    [InlineData("40 6B 3D 61 5C", IrcParseStatus.NoCommand, null)] // @k=a\
    [InlineData("3A FF", IrcParseStatus.NoCommand, null)] // :<bad byte>
    [InlineData("40 6B 3D FF", IrcParseStatus.NoCommand, null)] // @k=<bad byte>

    // Any word is a command; the caller answers 421 and the writer sends "*" for what it cannot echo.
    [InlineData("3A 73 72 63 20 40 2B 20 78", IrcParseStatus.Ok, ":src @+ :x")] // :src @+ x
    [InlineData("3A 61 20 3A 62 20 63", IrcParseStatus.Ok, ":a :B :c")] // :a :b c
    [InlineData("00", IrcParseStatus.Ok, "\0")] // NUL alone
    [InlineData("50 49 4E 47 09 78", IrcParseStatus.Ok, "PING\tX")] // PING<TAB>x: TAB is no separator
    [InlineData("FF", IrcParseStatus.InvalidUtf8, "\ufffd")]
    [InlineData("70 69 6E 67 20 C3 9F 78", IrcParseStatus.Ok, "PING :\u00dfx")] // ping ßx

    // Control characters in parameters: kept by the parser, replaced by the writer.
    [InlineData("50 52 49 56 4D 53 47 20 23 63 20 3A 61 00 62", IrcParseStatus.Ok, "PRIVMSG #c :a\0b")]
    [InlineData("50 52 49 56 4D 53 47 20 23 63 0D 20 3A 78", IrcParseStatus.Ok, "PRIVMSG #c\r :x")]
    [InlineData("50 49 4E 47 20 3A 0D", IrcParseStatus.Ok, "PING :\r")]

    // Empty and odd tag parts.
    [InlineData("40 20 50 49 4E 47", IrcParseStatus.Ok, "PING")] // "@ PING"
    [InlineData("40 6B 3D 5C 20 50 49 4E 47", IrcParseStatus.Ok, "@k= PING")] // @k=\ PING
    [InlineData("40 FF 3D 31 20 50 49 4E 47", IrcParseStatus.InvalidUtf8, "PING")] // key with a bad byte: dropped
    [InlineData("40 6B 3D 00 0D 20 50 49 4E 47", IrcParseStatus.Ok, "@k=\0\r PING")] // raw NUL, CR in a value
    [InlineData("43 4D 44 20 20 3A", IrcParseStatus.Ok, "CMD :")] // CMD  :

    // A UTF-8 sequence cut short at the end of the line.
    [InlineData("50 52 49 56 4D 53 47 20 23 63 20 3A F0 9F", IrcParseStatus.InvalidUtf8, "PRIVMSG #c :\ufffd")]

    // Found by IrcParserPropertyTests: a word starting with '@' or ':' parsed as the command.
    [InlineData("3A E6 9C AC 2F E6 97 A5 C3 A9 2F 03 02 C2 85 20 40 2B 20 EF BC 81 C2 A0 1D 3A 5A E6 9C AC F0 9F 57 80 EF BF BD 5F C2 A0 1D 3A 5A E6 9C AC F0 9F 57 80 EF BF BD 5F", IrcParseStatus.InvalidUtf8, null)]
    [InlineData("3A 62 EF BF BD 39 3D EF BF BD E6 9C AC F0 9F 91 8B F0 9F 8F BD 21 01 39 39 C3 9F 2B 03 30 02 3D 03 2A 5A 40 03 3A EF BB BF 2D 20 40 3D 39 35 20 1B C2 A0 20 5F 40 40 30 21 E6 97 A5 3F 01 3B 7F 23 3F 40 C3 9F 21 C3 A9 5F 2A E6 A9 5F 2A E6 9C AC EF BC 81 09 5C 2A C3 A9", IrcParseStatus.InvalidUtf8, null)]
    [InlineData("40 3D 6A 0B 20 40 3B 87 BB 80 8F E8 5C F1 9E B8 4A A9 9F D6 85 80 FF 20 03 2B 6C 3A 0D 00 DD 7C 99 B7 80 DE 68 3A 80 97 F0 57 67 06 80 95 75 9F CB 78 90 97 F2 74 80 59 6A B6 5A 08 AB 33 DC 5E 5C 00 5C 7A C4 DB 2B 4D 40 7A 0A 7A 0D 46 FF C3 F8 D9 50 4E EC BD D2 56 2B 5C 7E 0D CC DF 5E 49 11 18 80 DA 0A 22 A2 4A 63 EB B8 7A CE DE 13 67 77 0D DF F0 2E 5C 2C 56 13 3B 77 F5 2B 41 A9 1B 4E 5C 63 AF 0A 75 6D", IrcParseStatus.InvalidUtf8, null)]
    [InlineData("3A BF 80 80 A7 F0 1C 02 45 94 B4 B6 F9 3A 7A 5C 01 E5 A9 93 19 2F 94 A9 87 08 F1 94 3F 20 40 14 B0 2B 85 2B 42 8C 3E 02 79 9F 3B 9B 3A 20 EE B7 B0 A8 FF 78 3A 85 2B 69 26 A9 FF 3C FF 2B C3 68 03 3B B4 40 FF F0 0D B1 D4 00 97 E7 85 A4 F5 3A 48 32 65 2E D5 62 24 11 FF 73 1F 51 3A F6 20 2C 0D 3B 33 20 F3 20 4E 8C 79 B4 C3 88 4A 46 F6 2B 73 77 85 11", IrcParseStatus.InvalidUtf8, null)]
    public void Corpus_input_parses_as_recorded_and_round_trips(string hex, IrcParseStatus status, string? rendering)
    {
        var line = IrcTestData.Hex(hex);

        Assert.Equal(status, IrcParser.TryParse(line, out var message));
        if (rendering is not null)
        {
            Assert.Equal(rendering, message?.ToString());
        }

        Assert.Equal(status, IrcRoundTrip.Check(line));
    }
}
