namespace Piazza.Core.Tests;

/// <summary>
/// The ircdocs mask conformance cases (https://github.com/ircdocs/parser-tests, tests/mask-match.yaml),
/// shared by the matcher's own tests and the ones that go through room and server bans.
/// </summary>
public static class MaskMatchCases
{
    /// <summary>Mask, nick!user@host, whether it matches: the file's cases, as written there.</summary>
    public static TheoryData<string, string, bool> IrcDocs { get; } = new()
    {
        { "*@127.0.0.1", "coolguy!ab@127.0.0.1", true },
        { "*@127.0.0.1", "cooldud3!~bc@127.0.0.1", true },
        { "*@127.0.0.1", "coolguy!ab@127.0.0.5", false },
        { "*@127.0.0.1", "cooldud3!~d@124.0.0.1", false },
        { "cool*@*", "coolguy!ab@127.0.0.1", true },
        { "cool*@*", "cooldud3!~bc@127.0.0.1", true },
        { "cool*@*", "cool132!ab@example.com", true },
        { "cool*@*", "koolguy!ab@127.0.0.5", false },
        { "cool*@*", "cooodud3!~d@124.0.0.1", false },
        { "cool!*@*", "cool!guyab@127.0.0.1", true },
        { "cool!*@*", "cool!~dudebc@127.0.0.1", true },
        { "cool!*@*", "cool!312ab@example.com", true },
        { "cool!*@*", "coolguy!ab@127.0.0.1", false },
        { "cool!*@*", "cooldud3!~bc@127.0.0.1", false },
        { "cool!*@*", "koolguy!ab@127.0.0.5", false },
        { "cool!*@*", "cooodud3!~d@124.0.0.1", false },
        { "cool!?username@*", "cool!ausername@127.0.0.1", true },
        { "cool!?username@*", "cool!~username@127.0.0.1", true },
        { "cool!?username@*", "cool!username@127.0.0.1", false },
        { "cool!a?*@*", "cool!ab@127.0.0.1", true },
        { "cool!a?*@*", "cool!abc@127.0.0.1", true },
        { "cool!a?*@*", "cool!a@127.0.0.1", false },
        { "cool[guy]!*@*", "cool[guy]!guy@127.0.0.1", true },
        { "cool[guy]!*@*", "cool[guy]!a@example.com", true },
        { "cool[guy]!*@*", "coolg!ab@127.0.0.1", false },
        { "cool[guy]!*@*", "cool[!ac@127.0.1.1", false },
    };

    /// <summary>
    /// The same cases as a user would type them as a ban. The file matches raw masks, where the
    /// '*' of "cool*@*" runs across the '!'; typed as a ban, "cool*@*" is user@host and becomes
    /// "*!cool*@*" (as in Ergo and InspIRCd), so here it is written as the nick mask it means,
    /// "cool*!*@*", with the file's answers. Every other mask keeps its answers once completed.
    /// </summary>
    public static TheoryData<string, string, bool> AsBans { get; } = Typed();

    private static TheoryData<string, string, bool> Typed()
    {
        var typed = new TheoryData<string, string, bool>();
        foreach (var row in IrcDocs)
        {
            var (mask, nickUserHost, matches) = ((string)row[0], (string)row[1], (bool)row[2]);
            typed.Add(mask == "cool*@*" ? "cool*!*@*" : mask, nickUserHost, matches);
        }

        return typed;
    }
}
