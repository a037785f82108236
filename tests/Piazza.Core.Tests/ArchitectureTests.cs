using System.Reflection;

namespace Piazza.Core.Tests;

/// <summary>
/// Core is the chat without the wire and without the disk (docs/ARCHITECTURE.md, "Projects and
/// their direction"): it must not reference a web server, a database or sockets, nor the
/// projects that do, nor Protocol: Core speaks in neutral types (a mode change, a tag set) and
/// the wire formats are written outside it. A reference added by mistake fails here, not in review.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>Assembly name prefixes Core may not reference.</summary>
    private static readonly string[] Forbidden =
    [
        "Microsoft.AspNetCore", "Microsoft.Data", "System.Data", "Npgsql", "Microsoft.Orleans",
        "System.Net.Sockets", "System.Net.Security", "System.Net.Http", "System.Net.WebSockets",
        "Piazza.Server", "Piazza.Storage", "Piazza.Client", "Piazza.Protocol",
    ];

    [Fact]
    public void Core_references_no_web_server_database_sockets_wire_format_or_outer_project()
    {
        var references = typeof(ChatHub).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("System.Runtime", references);
        Assert.DoesNotContain(references, name => Forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal)));
    }
}
