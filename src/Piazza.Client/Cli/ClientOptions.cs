using System.CommandLine;
using System.Globalization;

using Piazza.Client.Irc;

namespace Piazza.Client.Cli;

/// <summary>The command line: where to connect, as whom, which rooms, which interface.</summary>
internal sealed class ClientOptions
{
    public Option<string> Host { get; } = new("--host")
    {
        Description = "the server's address (or give --server)",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public Option<int> Port { get; } = new("--port")
    {
        Description = "the server's port, and that of a --server given without one: Piazza's chat port speaks IRC too (default 54321; 6697 is usual for --tls elsewhere)",
        DefaultValueFactory = _ => 54321,
    };

    public Option<string[]> Server { get; } = new("--server")
    {
        Description = "a server as host:port ([::1]:54321 for IPv6; without :port, --port's); repeat it, or separate with commas, "
            + "to give a cluster's nodes: the client connects to the first that answers and, when the connection drops, to the next, in turn",
        HelpName = "host:port",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.OneOrMore,
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
        foreach (var option in new Option[] { Host, Port, Server, Nick, Tls, Insecure, Password, Account, Join, LineMode })
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
        Server.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Select(t => t.Value))
            {
                var entries = Entries([token]).ToList();
                foreach (var entry in entries.Distinct())
                {
                    if (!ServerAddress.TryParse(entry, 1, out _, out var problem))
                    {
                        var shown = token.Length == 0 ? "''" : token;
                        result.AddError(entries.Count > 1 ? $"--server {shown}: '{entry}': {problem}." : $"--server {shown}: {problem}.");
                    }
                }
            }
        });
        root.Validators.Add(result =>
        {
            if (result.GetResult(Server) is not null && result.GetResult(Host) is { Implicit: false })
            {
                result.AddError("--host and --server: give every server with --server (host:port).");
            }
        });

        root.SetAction((parse, cancel) =>
        {
            var rooms = parse.GetResult(Join) is null ? ["#lobby"] : parse.GetValue(Join) ?? [];
            var password = parse.GetValue(Password) ?? Environment.GetEnvironmentVariable("PIAZZA_PASSWORD");
            var port = parse.GetValue(Port);
            // Each entry was checked by the validator above.
            List<ServerAddress> servers = [.. Entries(parse.GetValue(Server) ?? []).Select(e => ServerAddress.TryParse(e, port, out var server, out _) ? server : throw new InvalidOperationException(e))];
            if (servers.Count == 0)
            {
                servers.Add(new ServerAddress(parse.GetValue(Host)!, port));
            }

            var session = new SessionSettings
            {
                Host = servers[0].Host,
                Port = servers[0].Port,
                Servers = servers,
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

    /// <summary>The --server values, each split at its commas (--server a:1,b:2 is --server a:1 --server b:2).</summary>
    private static IEnumerable<string> Entries(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(','));
}

/// <summary>What the command line asked for.</summary>
internal sealed record ClientSettings(SessionSettings Session, IReadOnlyList<string> Rooms, bool ForceLineMode);
