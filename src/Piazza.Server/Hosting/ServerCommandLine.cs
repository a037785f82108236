using System.Reflection;

namespace Piazza.Server.Hosting;

/// <summary>
/// What piazza-server's command line asks before any setting is read: <c>--help</c> and
/// <c>--version</c> (answered here, exit code 0, nothing started), and arguments that are not
/// settings at all (one line on stderr, exit code 2). Everything else is <c>--Section:Key=value</c>
/// or <c>--Section:Key value</c>, for the configuration (and its check of unknown keys).
/// </summary>
internal static class ServerCommandLine
{
    /// <summary>The help, as <c>--help</c> prints it.</summary>
    public const string Help = """
        piazza-server: the Piazza chat server. Plain text (nc) and IRC clients share its rooms.

        Usage:
          piazza-server [--Section:Key=value ...]   run the server; Ctrl+C or SIGTERM stops it
          piazza-server hash-password               make the PasswordHash of a server operator
                                                    (an Operators entry in appsettings.json)
          piazza-server dev-cert [--out DIR]        write a self-signed certificate for localhost
                                                    and print the Tls: settings that use it
          piazza-server --help                      this help
          piazza-server --version                   the version

        Settings, each later source overriding the earlier ones:
          appsettings.json beside the executable    "Listen": { "Chat": "0.0.0.0:54321" }
          environment variables                     PIAZZA__Listen__Chat=0.0.0.0:54321
          the command line                          --Listen:Chat=0.0.0.0:54321
        A list takes indexes: --Irc:Motd:0="first line". Logging:* (levels) and environment are
        also accepted. Every setting, its default and what it does: README.md, "Configuration".

        By default the chat port is 127.0.0.1:54321, IRC 127.0.0.1:6667, HTTP (/healthz)
        127.0.0.1:8080, and history is kept in piazza.db in the data folder (Data:Path: the user's
        data folder, ~/.local/share/piazza on Linux). With a certificate (Tls:Certificate, see
        dev-cert) IRC over TLS listens on 127.0.0.1:6697 and the chat port takes TLS too.
        Startup prints one line with all of them.

        Exit codes: 0 stopped cleanly; 1 could not start (a port taken, a history file that is not
        Piazza's); 2 a setting that is unknown or has a bad value (one line on stderr names it).

        """;

    /// <summary>The version line: the build's version and the .NET runtime it runs on.</summary>
    public static string Version =>
        $"piazza-server {typeof(ServerCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown"} (.NET {Environment.Version})";

    /// <summary>
    /// Answers <c>--help</c> and <c>--version</c>, or refuses an argument that is not a setting;
    /// returns the exit code, or null when the server should run with these arguments.
    /// </summary>
    public static int? Handle(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?" or "/?" or "help"))
        {
            output.Write(Help);
            return 0;
        }

        if (args.Any(a => a is "--version" or "-V" or "version"))
        {
            output.WriteLine(Version);
            return 0;
        }

        if (Misfit(args) is { } problem)
        {
            error.WriteLine("piazza-server: " + problem);
            return StartupFailure.BadSettings;
        }

        return null;
    }

    /// <summary>What is wrong with the first argument that is not a setting, or null.</summary>
    private static string? Misfit(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2 || arg[2] == '=')
            {
                return $"'{arg}' is not a setting or a command; settings are written --Section:Key=value (see --help)";
            }

            if (!arg.Contains('=', StringComparison.Ordinal))
            {
                if (i + 1 == args.Length)
                {
                    return $"{arg} has no value; write {arg}=value (see --help)";
                }

                i++;
            }
        }

        return null;
    }
}
