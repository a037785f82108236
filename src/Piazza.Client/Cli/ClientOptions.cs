using System.CommandLine;
using System.Globalization;

using Piazza.Client.Irc;

namespace Piazza.Client.Cli;

/// <summary>The command line: where to connect, as whom, which rooms, which interface.</summary>
internal sealed class ClientOptions
{
    public Option<string> Host { get; } = new("--host")
    {
        Description = "the server's address",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public Option<int> Port { get; } = new("--port")
    {
        Description = "the server's port: Piazza's chat port speaks IRC too (default 54321; 6697 is usual for --tls elsewhere)",
        DefaultValueFactory = _ => 54321,
    };

    public Option<string?> Nick { get; } = new("--nick")
    {
        Description = "your nickname (default: your login name); when taken, the next free one (alice2) is used",
    };

    public Option<bool> Tls { get; } = new("--tls")
    {
        Description = "connect with TLS",
    };

    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "with --tls: accept any certificate (a self-signed test certificate)",
    };

    public Option<string?> Password { get; } = new("--password")
    {
        Description = "log in to your account with SASL where the server offers it (and send it as the server password, PASS); PIAZZA_PASSWORD in the environment does the same without showing in ps",
    };

    public Option<string?> Account { get; } = new("--account")
    {
        Description = "with --password: the account to log in to (default: your nickname)",
    };

    public Option<string[]> Join { get; } = new("--join")
    {
        Description = "rooms to join (default: #lobby; --join with no room joins none)",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<bool> LineMode { get; } = new("--line-mode")
    {
        Description = "work line by line even in a terminal (the default when input or output is not a terminal)",
    };

    public RootCommand Build(Func<ClientSettings, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand("piazza: the Piazza chat client. Speaks IRC, so it also works with any IRC server.");
        foreach (var option in new Option[] { Host, Port, Nick, Tls, Insecure, Password, Account, Join, LineMode })
        {
            root.Options.Add(option);
        }

        Port.Validators.Add(result =>
        {
            // A value that is not a number has its own parse error already; reading it would throw.
            if (result.Tokens is [var token] && int.TryParse(token.Value, CultureInfo.InvariantCulture, out var port) && port is < 1 or > 65535)
            {
                result.AddError("--port must be between 1 and 65535.");
            }
        });
        Nick.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } nick && NickNames.Problem(nick) is { } problem)
            {
                result.AddError($"--nick {nick}: {problem}");
            }
        });
        Host.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--host is empty.");
            }
        });

        root.SetAction((parse, cancel) =>
        {
            var rooms = parse.GetResult(Join) is null ? ["#lobby"] : parse.GetValue(Join) ?? [];
            var password = parse.GetValue(Password) ?? Environment.GetEnvironmentVariable("PIAZZA_PASSWORD");
            var session = new SessionSettings
            {
                Host = parse.GetValue(Host)!,
                Port = parse.GetValue(Port),
                Nick = parse.GetValue(Nick) ?? NickNames.FromLogin(Environment.UserName),
                UserName = NickNames.FromLogin(Environment.UserName).ToLower(CultureInfo.InvariantCulture),
                Password = string.IsNullOrEmpty(password) ? null : password,
                Account = string.IsNullOrEmpty(parse.GetValue(Account)) ? null : parse.GetValue(Account),
                Tls = parse.GetValue(Tls),
                Insecure = parse.GetValue(Insecure),
            };
            return run(new ClientSettings(session, rooms, parse.GetValue(LineMode)), cancel);
        });
        return root;
    }
}

/// <summary>What the command line asked for.</summary>
internal sealed record ClientSettings(SessionSettings Session, IReadOnlyList<string> Rooms, bool ForceLineMode);
