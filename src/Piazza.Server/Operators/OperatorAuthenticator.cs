using Microsoft.Extensions.Options;

using Piazza.Core;

namespace Piazza.Server.Operators;

/// <summary>
/// Checks OPER / <c>/oper</c> passwords against the <c>Operators</c> accounts. The check is a
/// slow KDF (about half a second of one core), so it runs on the thread pool while the session's
/// read loop awaits it — no thread waits for it — and one check runs at a time server-wide, so
/// a crowd sending OPER in a loop costs at most one core and never starves the chat.
/// </summary>
/// <remarks>
/// An unknown name costs the same as a wrong password (a check against a dummy hash) and gets
/// the same answer, so neither timing nor replies tell which names exist. Passwords are never
/// logged or kept.
/// </remarks>
internal sealed partial class OperatorAuthenticator : IDisposable
{
    private readonly Dictionary<string, ParsedHash> _accounts = new(NickName.Comparer);
    private readonly Lazy<ParsedHash> _dummy = new(() => PasswordHash.TryParse(PasswordHash.Hash("not a password"), out _)!);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ILogger _logger;

    public OperatorAuthenticator(IOptions<OperatorOptions> options, ILogger<OperatorAuthenticator> logger)
    {
        _logger = logger;
        foreach (var account in options.Value.Accounts)
        {
            // Validated at start: every hash parses.
            _accounts[account.Name] = PasswordHash.TryParse(account.PasswordHash, out _)!;
        }
    }

    /// <summary>True when at least one account is configured.</summary>
    public bool HasAccounts => _accounts.Count > 0;

    /// <summary>
    /// The account's name as configured when <paramref name="password"/> is right for
    /// <paramref name="name"/>; null otherwise (a wrong password and an unknown name alike).
    /// </summary>
    /// <param name="name">The account name the client gave.</param>
    /// <param name="password">The password the client gave; never logged.</param>
    /// <param name="who">The client, for the log: its nick and address.</param>
    public async Task<string?> AuthenticateAsync(string name, string password, string who)
    {
        var known = _accounts.TryGetValue(name, out var hash);
        var canonical = known ? _accounts.Keys.First(k => NickName.Comparer.Equals(k, name)) : null;
        await _oneAtATime.WaitAsync();
        bool matches;
        try
        {
            matches = await Task.Run(() => PasswordHash.Verify(password, known ? hash! : _dummy.Value));
        }
        finally
        {
            _oneAtATime.Release();
        }

        if (known && matches)
        {
            LogOperSucceeded(_logger, canonical!, who);
            return canonical;
        }

        LogOperFailed(_logger, Printable(name), who, known ? "wrong password" : "no such operator");
        return null;
    }

    /// <summary>Runs when the host is disposed, after every session has ended.</summary>
    public void Dispose() => _oneAtATime.Dispose();

    /// <summary>A name as typed, safe for a log line: control characters replaced, at most 64 characters.</summary>
    private static string Printable(string name) =>
        new([.. name.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);
}
