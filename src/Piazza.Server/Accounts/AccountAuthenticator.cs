using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Core.Accounts;
using Piazza.Server.Operators;

namespace Piazza.Server.Accounts;

/// <summary>
/// Registers accounts and checks their passwords, for both protocols. Passwords go through a slow
/// KDF (<see cref="PasswordHash"/>: PBKDF2-SHA256, Accounts:PasswordIterations), which runs on the
/// thread pool while the session's read loop awaits it, at most half the cores at a time
/// server-wide, so a crowd logging in costs at most that and never starves the chat; guessing is
/// slowed per account and per address (<see cref="LoginThrottle"/>) before any KDF runs.
/// </summary>
/// <remarks>
/// An unknown account costs what a wrong password does (a check against a dummy hash) and gets the
/// same answer. Passwords are never logged or kept; only their hashes are stored. A stored hash made
/// with fewer iterations than the setting is rehashed at its next successful login.
/// </remarks>
internal sealed partial class AccountAuthenticator : IDisposable
{
    private readonly AccountOptions _options;
    private readonly LoginThrottle _throttle;
    private readonly SemaphoreSlim _kdfSlots = new(Math.Max(1, Environment.ProcessorCount / 2));
    private readonly Lazy<ParsedHash> _dummy;
    private readonly ILogger _logger;

    public AccountAuthenticator(IOptions<AccountOptions> options, TimeProvider time, ILogger<AccountAuthenticator> logger)
    {
        _options = options.Value;
        _throttle = new LoginThrottle(time, _options);
        _logger = logger;
        _dummy = new(() => PasswordHash.TryParse(PasswordHash.Hash("not a password", _options.PasswordIterations), AccountOptionsValidator.MinIterations, out _)!);
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

        if (hub.Accounts.IsRegistered(name))
        {
            return new RegisterResult(RegisterOutcome.NameTaken);
        }

        var hash = await RunKdfAsync(() => PasswordHash.Hash(password, _options.PasswordIterations));
        var account = new AccountRecord(name, hash, Time.GetUtcNow());
        if (!hub.Accounts.TryAdd(account))
        {
            return new RegisterResult(hub.Accounts.IsRegistered(name) ? RegisterOutcome.NameTaken : RegisterOutcome.Full);
        }

        LogRegistered(_logger, name, who);
        try
        {
            await hub.Accounts.StoreAsync(account);
            return new RegisterResult(RegisterOutcome.Registered, account);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
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

        var account = hub.Accounts.Find(name);
        var stored = account is null ? null : PasswordHash.TryParse(account.PasswordHash, AccountOptionsValidator.MinIterations, out _);
        var matches = await RunKdfAsync(() => PasswordHash.Verify(password, stored ?? _dummy.Value));
        if (account is null || stored is null || !matches)
        {
            _throttle.Failed(name, host);
            LogFailed(_logger, Printable(name), who, account is null ? "no such account" : "wrong password");
            return new LoginResult(LoginOutcome.Failed);
        }

        _throttle.Succeeded(name);
        LogLoggedIn(_logger, account.Name, who);
        if (stored.Iterations < _options.PasswordIterations)
        {
            account = await RehashAsync(hub, account, password);
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

    private async Task<AccountRecord> RehashAsync(ChatHub hub, AccountRecord account, string password)
    {
        var rehashed = account with { PasswordHash = await RunKdfAsync(() => PasswordHash.Hash(password, _options.PasswordIterations)) };
        hub.Accounts.Replace(rehashed);
        try
        {
            await hub.Accounts.StoreAsync(rehashed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotStored(_logger, account.Name, ex);
        }

        return rehashed;
    }

    [LoggerMessage(EventId = 160, Level = LogLevel.Information, Message = "Account {Account} registered by {Who}")]
    private static partial void LogRegistered(ILogger logger, string account, string who);

    [LoggerMessage(EventId = 161, Level = LogLevel.Information, Message = "{Who} logged in to account {Account}")]
    private static partial void LogLoggedIn(ILogger logger, string account, string who);

    [LoggerMessage(EventId = 162, Level = LogLevel.Warning, Message = "Failed login to account {Account} by {Who}: {Why}")]
    private static partial void LogFailed(ILogger logger, string account, string who, string why);

    [LoggerMessage(EventId = 163, Level = LogLevel.Warning, Message = "Login to account {Account} by {Who} refused: too many failures, wait {Seconds} s")]
    private static partial void LogThrottled(ILogger logger, string account, string who, int seconds);

    [LoggerMessage(EventId = 164, Level = LogLevel.Error, Message = "Account {Account} could not be stored; it lasts until the server restarts")]
    private static partial void LogNotStored(ILogger logger, string account, Exception exception);
}
