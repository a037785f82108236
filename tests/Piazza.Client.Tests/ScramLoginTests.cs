using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Client.Tests.Infrastructure;
using Piazza.Core.Accounts;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>
/// The client against the real Piazza server, which offers SCRAM-SHA-256: the client logs in with
/// it (the server's log says which mechanism), and an account stored before SCRAM logs in through
/// the one fall-back to PLAIN, after which it has SCRAM keys.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ScramLoginTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task The_client_logs_in_with_scram_and_an_account_from_before_scram_through_plain_once()
    {
        var logins = new LoginLog();
        await using var server = await TestServer.StartAsync(services => services.AddSingleton<ILoggerProvider>(logins), "Accounts:PasswordIterations=1000", "Logging:LogLevel:Piazza=Information");

        // An account in the format before SCRAM: pbkdf2-sha256$iterations$salt$key.
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Password), salt, 1000, HashAlgorithmName.SHA256, 32);
        server.Hub.Accounts.TryAdd(new AccountRecord("olduser", $"pbkdf2-sha256$1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}", DateTimeOffset.UtcNow));

        await using (var first = await TestChatClient.ConnectAsync(TestChatClient.Settings(server.IrcEndPoint, "olduser") with { Password = Password }, "#lobby"))
        {
            await first.WaitForLineAsync(null, l => l.Text == "You are logged in as olduser.");
            Assert.DoesNotContain(first.Lines, l => l.Line.Text.Contains("failed", StringComparison.Ordinal));
        }

        Assert.StartsWith("scram-sha-256$", server.Hub.Accounts.Find("olduser")!.PasswordHash, StringComparison.Ordinal);
        await logins.WaitForAsync("logged in to account olduser (password)");

        await using var second = await TestChatClient.ConnectAsync(TestChatClient.Settings(server.IrcEndPoint, "olduser2") with { Password = Password, Account = "olduser" }, "#lobby");
        await second.WaitForLineAsync(null, l => l.Text == "You are logged in as olduser.");
        await logins.WaitForAsync("logged in to account olduser (SCRAM-SHA-256)");
    }

    /// <summary>The server's login lines (event 161), to see which mechanism was used.</summary>
    private sealed class LoginLog : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly SemaphoreSlim _added = new(0);

        public async Task WaitForAsync(string text)
        {
            using var deadline = new CancellationTokenSource(TestServer.Timeout);
            while (!_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                await _added.WaitAsync(deadline.Token);
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 161)
            {
                _lines.Enqueue(formatter(state, exception));
                _added.Release();
            }
        }

        public void Dispose() => _added.Dispose();
    }
}
