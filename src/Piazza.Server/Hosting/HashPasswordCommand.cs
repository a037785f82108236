using System.Text;

using Piazza.Server.Operators;

namespace Piazza.Server.Hosting;

/// <summary>
/// <c>piazza-server hash-password</c>: reads a password from stdin and prints its hash for the
/// <c>Operators</c> setting (<see cref="PasswordHash"/>). On a terminal it asks twice and does not
/// echo; from a pipe it reads one line (<c>printf '%s\n' "$pw" | piazza-server hash-password</c>).
/// The password is never printed, and it is not taken as an argument, where ps and shell
/// history would see it.
/// </summary>
internal static class HashPasswordCommand
{
    /// <summary>The command-line word that selects this command.</summary>
    public const string Verb = "hash-password";

    /// <summary>Exit code 0 with the hash on stdout, or 2 with the reason on stderr.</summary>
    public static int Run()
    {
        string? password;
        if (Console.IsInputRedirected)
        {
            password = Console.In.ReadLine();
        }
        else
        {
            password = Prompt("Password: ");
            if (password is not null && password != Prompt("Again: "))
            {
                Console.Error.WriteLine("piazza-server hash-password: the two passwords differ; nothing was made");
                return 2;
            }
        }

        return Run(password, Console.Out, Console.Error);
    }

    /// <summary>Hashes <paramref name="password"/> (null: end of input) and writes the line.</summary>
    internal static int Run(string? password, TextWriter output, TextWriter error)
    {
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine("piazza-server hash-password: no password given (it reads one line from stdin)");
            return 2;
        }

        output.WriteLine(PasswordHash.Hash(password));
        return 0;
    }

    /// <summary>Reads a line from the terminal without echoing it; null at end of input (Ctrl+D).</summary>
    private static string? Prompt(string prompt)
    {
        Console.Error.Write(prompt);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.Error.WriteLine();
                    return typed.ToString();
                case ConsoleKey.Backspace:
                    if (typed.Length > 0)
                    {
                        typed.Length--;
                    }

                    break;
                default:
                    if (key.Key == ConsoleKey.D && key.Modifiers.HasFlag(ConsoleModifiers.Control))
                    {
                        Console.Error.WriteLine();
                        return typed.Length == 0 ? null : typed.ToString();
                    }

                    if (!char.IsControl(key.KeyChar))
                    {
                        typed.Append(key.KeyChar);
                    }

                    break;
            }
        }
    }
}
