using Piazza.Core;
using Piazza.Core.History;
using Piazza.Server.Hosting;
using Piazza.Storage.Sqlite;

namespace Piazza.Server.Http;

/// <summary>
/// <c>GET /healthz</c> (and HEAD) on the HTTP port: 200 with <c>"status":"healthy"</c>, or 503
/// with <c>"status":"degraded"</c> while the history store cannot write; with the counts an
/// operator looks at first. Chat itself goes on while degraded: only history is at risk.
/// </summary>
internal static class HealthEndpoint
{
    /// <summary>The path, as load balancers and Kubernetes probes expect it.</summary>
    public const string Path = "/healthz";

    /// <summary>Maps <see cref="Path"/> for GET and HEAD (Kestrel sends HEAD the headers only).</summary>
    public static IEndpointConventionBuilder MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head],
            (HttpContext context, ChatStartup chat, ConnectionCounter connections, TimeProvider time) =>
            {
                // A probe wants the state now, never a proxy's copy.
                context.Response.Headers.CacheControl = "no-store";
                return chat.Hub is { } hub
                    ? Answer(Report(hub, connections, time))
                    : Results.Text("starting: the chat is not open yet\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            });

    /// <summary>The report now. Reads counters, a moment's view of the rooms and the store's health; waits on nothing.</summary>
    public static HealthReport Report(ChatHub hub, ConnectionCounter connections, TimeProvider time)
    {
        var history = HistoryReport(hub.History);
        var uptime = time.GetUtcNow() - hub.StartedAt;
        return new HealthReport(
            history.Healthy ? "healthy" : "degraded",
            connections.Open,
            hub.MemberCount,
            hub.RoomCount,
            (long)Math.Max(0, uptime.TotalSeconds),
            history,
            hub.Cluster is Piazza.Cluster.ClusterNode node ? ClusterReport(node) : null);
    }

    private static ClusterHealthReport ClusterReport(Piazza.Cluster.ClusterNode node)
    {
        var state = node.State;
        return new ClusterHealthReport(state.Node, state.ActiveNodes, state.SubscribedRooms, state.RemoteMembers, state.Outbox, state.Dropped);
    }

    private static IResult Answer(HealthReport report) => Results.Json(
        report,
        HttpJsonContext.Default.HealthReport,
        statusCode: report.History.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);

    private static HistoryHealthReport HistoryReport(IMessageStore? store)
    {
        if (store is null)
        {
            return new HistoryHealthReport("off", Healthy: true, Problem: null, Pending: 0, Dropped: 0);
        }

        var health = store.Health;
        var (kind, problem) = store switch
        {
            // The problem names the database file by its full path (right for the log); over HTTP
            // the file name is enough and says nothing of the machine's folders.
            SqliteMessageStore sqlite => ("sqlite", health.Problem?.Replace(sqlite.Path, System.IO.Path.GetFileName(sqlite.Path), StringComparison.Ordinal)),
            // Its problems name the database by host and name only, never its connection string.
            Storage.Postgres.PostgresMessageStore => ("postgresql", health.Problem),
            InMemoryMessageStore => ("memory", health.Problem),
            _ => ("other", health.Problem),
        };
        return new HistoryHealthReport(kind, health.IsHealthy, health.IsHealthy ? null : problem, health.Pending, health.Dropped);
    }
}
