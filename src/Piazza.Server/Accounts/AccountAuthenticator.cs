using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Core.Accounts;
using Piazza.Server.Operators;

namespace Piazza.Server.Accounts;

/// <summary>
/// Registers accounts and checks their passwords, for both protocols and for SASL PLAIN and
/// SCRAM-SHA-256. A password is stored as SCRAM's keys (<see cref="ScramCredential"/>: PBKDF2-SHA256,
/// Accounts:PasswordIterations); checking one (PLAIN, /login) or making one runs the KDF on the
/// thread pool while the session's read loop awaits it, at most half the cores at a time
/// server-wide, so a crowd logging in costs at most that and never starves the chat; guessing is
/// slowed per account and per address (<see cref="LoginThrottle"/>) before any KDF runs.
/// </summary>
/// <remarks>
/// An unknown account costs what a wrong password does (a check against a dummy hash) and gets the
/// same answer. Passwords are never logged or kept; only SCRAM's keys are stored. A stored credential
/// made with fewer iterations than the setting, or in the format before SCRAM
/// (<see cref="PasswordHash"/>), is replaced at its next successful password login.
/// SCRAM's side (<c>AccountAuthenticator.Scram.cs</c>) runs no KDF on the server.
/// </remarks>
internal sealed partial class AccountAuthenticator : IDisposable
{
    private readonly AccountOptions _options;
    private readonly LoginThrottle _throttle;
    private readonly SemaphoreSlim _kdfSlots = new(Math.Max(1, Environment.ProcessorCount / 2));
    private readonly Lazy<ScramCredential> _dummy;
    private readonly ILogger _logger;

    public AccountAuthenticator(IOptions<AccountOptions> options, TimeProvider time, ILogger<AccountAuthenticator> logger)
    {
        _options = options.Value;
        _throttle = new LoginThrottle(time, _options);
        _logger = logger;
        _dummy = new(() => ScramCredential.Create("not a password", _options.PasswordIterations));
        Time = time;
    }

    /// <summary>The settings in force (registration policy, password length).</summary>
    public AccountOptions Options => _options;

    private TimeProvider Time { get; }

    /// <summary>
    /// Registers <paramref name="name"/> with <paramref name="password"/> for <paramref name="member"/>
    /// (who must be a server operator when registration is for operators only). The caller logs the
    /// member in on success.
    /// </summary>
    /// <param name="hub">The chat, whose accounts these are.</param>
    /// <param name="member">Who asks.</param>
    /// <param name="isOperator">Whether the asker is a server operator (it may be before it joins the hub: then false).</param>
    /// <param name="name">The account name, a valid nick.</param>
    /// <param name="password">The password; never logged.</param>
    /// <param name="who">The client, for the log: its nick and address.</param>
    public async Task<RegisterResult> RegisterAsync(ChatHub hub, bool isOperator, string name, string password, string who)
    {
        if (_options.Registration == AccountRegistration.Closed || (_options.Registration == AccountRegistration.OperatorsOnly && !isOperator))
        {
            return new RegisterResult(RegisterOutcome.Closed);
        }

        if (NickName.Validate(name, hub.Options.MaxNickLength) is not null)
        {
            return new RegisterResult(RegisterOutcome.InvalidName);
        }

        if (password.Length < _options.MinPasswordLength || password.Length > AccountOptionsValidator.MaxPasswordLength)
        {
            return new RegisterResult(RegisterOutcome.WeakPassword);
        }

        if (await hub.Accounts.FindAsync(name) is not null)
        {
            return new RegisterResult(RegisterOutcome.NameTaken);
        }

        var credential = await RunKdfAsync(() => ScramCredential.Create(password, _options.PasswordIterations));
        var account = new AccountRecord(name, credential.Format(), Time.GetUtcNow());
        if (!hub.Accounts.TryAdd(account))
        {
            return new RegisterResult(hub.Accounts.IsRegistered(name) ? RegisterOutcome.NameTaken : RegisterOutcome.Full);
        }

        try
        {
            if (!await hub.CreateAccountAsync(account))
            {
                // Another node of the cluster registered the name meanwhile: its account stands.
                return new RegisterResult(RegisterOutcome.NameTaken);
            }

            LogRegistered(_logger, name, who);
            return new RegisterResult(RegisterOutcome.Registered, account);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRegistered(_logger, name, who);
            LogNotStored(_logger, name, ex);
            return new RegisterResult(RegisterOutcome.Registered, account, "it could not be stored and lasts until the server restarts");
        }
    }

    /// <summary>
    /// Checks <paramref name="password"/> for the account <paramref name="name"/>, throttled per
    /// account and per <paramref name="host"/>. The caller logs the member in on success.
    /// </summary>
    public async Task<LoginResult> LogInAsync(ChatHub hub, string name, string password, string host, string who)
    {
        if (!_throttle.MayTry(name, host, out var wait))
        {
            LogThrottled(_logger, Printable(name), who, (int)Math.Ceiling(wait.TotalSeconds));
            return new LoginResult(LoginOutcome.Throttled, Wait: wait);
        }

        var account = await hub.Accounts.FindAsync(name);
        var (matches, upgrade) = await CheckAsync(account, password);
        if (account is null || !matches)
        {
            _throttle.Failed(name, host);
            LogFailed(_logger, Printable(name), who, account is null ? "no such account" : "wrong password");
            return new LoginResult(LoginOutcome.Failed);
        }

        _throttle.Succeeded(name);
        LogLoggedIn(_logger, account.Name, who, "password");
        if (upgrade is not null)
        {
            account = await ReplaceCredentialAsync(hub, account, await upgrade());
        }

        return new LoginResult(LoginOutcome.LoggedIn, account);
    }

    /// <summary>Runs when the host is disposed, after every session has ended.</summary>
    public void Dispose() => _kdfSlots.Dispose();

    /// <summary>A name as typed, safe for a log line: control characters replaced, at most 64 characters.</summary>
    private static string Printable(string name) =>
        new([.. name.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);

    private async Task<T> RunKdfAsync<T>(Func<T> kdf)
    {
        await _kdfSlots.WaitAsync();
        try
        {
            return await Task.Run(kdf);
        }
        finally
        {
            _kdfSlots.Release();
        }
    }

    /// <summary>
    /// Checks <paramref name="password"/> against what <paramref name="account"/> stores (a SCRAM
    /// credential, or a hash from before SCRAM), or against a dummy when there is none, so an unknown
    /// account costs what a known one does. On a match, <c>Upgrade</c> makes the credential to store
    /// instead, when one is due: the iterations went up, or the stored string is the old format.
    /// Either way with a new salt (one more KDF): the old format's key is SaltedPassword itself, so a
    /// credential derived from it, or from its salt, would let whoever copied the old file log in
    /// with SCRAM.
    /// </summary>
    private async Task<(bool Matches, Func<Task<ScramCredential>>? Upgrade)> CheckAsync(AccountRecord? account, string password)
    {
        var scram = account is null ? null : ScramCredential.TryParse(account.PasswordHash, AccountOptionsValidator.MinIterations);
        if (scram is not null)
        {
            var matches = await RunKdfAsync(() => scram.Verify(password));
            return (matches, matches && scram.Iterations < _options.PasswordIterations ? NewCredential : null);
        }

        var legacy = account is null ? null : PasswordHash.TryParse(account.PasswordHash, AccountOptionsValidator.MinIterations, out _);
        if (legacy is null)
        {
            await RunKdfAsync(() => _dummy.Value.Verify(password));
            return (false, null);
        }

        var legacyMatches = await RunKdfAsync(() => PasswordHash.Verify(password, legacy));
        return (legacyMatches, legacyMatches ? NewCredential : null);

        Task<ScramCredential> NewCredential() => RunKdfAsync(() => ScramCredential.Create(password, _options.PasswordIterations));
    }

    private async Task<AccountRecord> ReplaceCredentialAsync(ChatHub hub, AccountRecord account, ScramCredential credential)
    {
        var replaced = account with { PasswordHash = credential.Format() };
        hub.Accounts.Replace(replaced);
        try
        {
            await hub.Accounts.StoreAsync(replaced);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotStored(_logger, account.Name, ex);
        }

        return replaced;
    }

    [LoggerMessage(EventId = 160, Level = LogLevel.Information, Message = "Account {Account} registered by {Who}")]
    private static partial void LogRegistered(ILogger logger, string account, string who);

    [LoggerMessage(EventId = 161, Level = LogLevel.Information, Message = "{Who} logged in to account {Account} ({How})")]
    private static partial void LogLoggedIn(ILogger logger, string account, string who, string how);

    [LoggerMessage(EventId = 162, Level = LogLevel.Warning, Message = "Failed login to account {Account} by {Who}: {Why}")]
    private static partial void LogFailed(ILogger logger, string account, string who, string why);

    [LoggerMessage(EventId = 163, Level = LogLevel.Warning, Message = "Login to account {Account} by {Who} refused: too many failures, wait {Seconds} s")]
    private static partial void LogThrottled(ILogger logger, string account, string who, int seconds);

    [LoggerMessage(EventId = 164, Level = LogLevel.Error, Message = "Account {Account} could not be stored; it lasts until the server restarts")]
    private static partial void LogNotStored(ILogger logger, string account, Exception exception);
}
