using Piazza.Protocol.Irc;

namespace Piazza.Protocol.Tests;

/// <summary>
/// Protocol is wire formats only (parsers, writers, masks): pure functions over text and bytes.
/// It must not reference a web server, a database, sockets or any other Piazza project.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>Assembly name prefixes Protocol may not reference.</summary>
    private static readonly string[] Forbidden =
    [
        "Microsoft.AspNetCore", "Microsoft.Data", "System.Data", "Npgsql", "Microsoft.Orleans",
        "System.Net.Sockets", "System.Net.Security", "System.Net.Http", "System.Net.WebSockets",
        "Piazza.",
    ];

    [Fact]
    public void Protocol_references_no_web_server_database_sockets_or_other_project()
    {
        var references = typeof(IrcParser).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("System.Runtime", references);
        Assert.DoesNotContain(references, name => Forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal)));
    }
}
