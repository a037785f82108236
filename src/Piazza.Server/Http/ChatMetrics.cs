using System.Diagnostics.Metrics;

using Piazza.Core;
using Piazza.Core.Metrics;
using Piazza.Server.Hosting;
using Piazza.Server.Limits;

namespace Piazza.Server.Http;

/// <summary>
/// Piazza's own instruments, on the meter <see cref="MeterName"/>, which <c>/metrics</c> exports in
/// Prometheus' text format (<see cref="MetricsEndpoint"/>) beside the runtime's (GC, thread pool).
/// All are observed when scraped: each reads a count the server keeps, most of them anyway; the
/// activity counters (<see cref="ChatHub.Counters"/>) are added to once per message, broadcast,
/// read or flush, never per member. Before the chat has opened they report nothing.
/// </summary>
internal sealed class ChatMetrics : IDisposable
{
    /// <summary>The meter's name, which the metrics pipeline listens to.</summary>
    public const string MeterName = "Piazza";

    private readonly Meter _meter;

    public ChatMetrics(IMeterFactory meters, ChatStartup chat, ConnectionCounter connections, PerIpLimiter perIp, MemoryTrimmer trimmer)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("piazza.connections", () => connections.Open, "{connection}", "Open chat connections: the chat, IRC and TLS ports and IRC over WebSocket (/ws)");
        _meter.CreateObservableGauge("piazza.members", () => Observe(chat, h => h.MemberCount), "{member}", "Clients in the chat (registered IRC clients, plain clients)");
        _meter.CreateObservableGauge("piazza.rooms", () => Observe(chat, h => h.RoomCount), "{room}", "Open rooms");
        _meter.CreateObservableGauge("piazza.server_operators", () => Observe(chat, h => h.ServerOperatorCount), "{member}", "Connected server operators");
        _meter.CreateObservableGauge("piazza.accounts", () => Observe(chat, h => h.Accounts.Count), "{account}", "Registered accounts");
        _meter.CreateObservableGauge("piazza.history.pending", () => Observe(chat, h => h.History?.Health.Pending ?? 0), "{message}", "Messages queued for the history store, not yet written");
        _meter.CreateObservableCounter("piazza.history.dropped", () => Observe(chat, h => h.History?.Health.Dropped ?? 0), "{message}", "Messages the history store lost since start (queue full, or a failed write)");
        _meter.CreateObservableGauge("piazza.history.write_lag", () => ObserveLag(chat), "s", "How far behind the history writer was at its last commit: from the oldest message of the batch being said to its commit");
        _meter.CreateObservableCounter("piazza.messages", () => Observe(chat, h => h.Counters.Messages), "{message}", "Chat messages accepted (room and private)");
        _meter.CreateObservableCounter("piazza.deliveries", () => Observe(chat, h => h.Counters.Deliveries), "{delivery}", "Events handed to members' send queues by room broadcasts and private messages");
        _meter.CreateObservableCounter("piazza.per_ip.refusals", () => perIp.Refusals, "{connection}", "Connections refused because their address was over a per-IP limit");
        _meter.CreateObservableGauge("piazza.sessions", () => ObserveSessions(chat, s => s.Open), "{session}", "Sessions open now, by protocol and transport");
        _meter.CreateObservableCounter("piazza.registrations", () => ObserveSessions(chat, s => s.Registrations), "{session}", "Clients that joined the chat (IRC registrations completed, plain clients admitted)");
        _meter.CreateObservableCounter("piazza.lines.received", () => ObserveSessions(chat, s => s.LinesReceived), "{line}", "Lines read from clients");
        _meter.CreateObservableCounter("piazza.lines.sent", () => ObserveSessions(chat, s => s.LinesSent), "{line}", "Queued messages written to clients");
        _meter.CreateObservableCounter("piazza.send_queue.cuts", () => ObserveSessions(chat, s => s.SendQueueCuts), "{session}", "Clients dropped because they stopped reading and their send queue filled");
        _meter.CreateObservableCounter("piazza.flood.throttles", () => ObserveSessions(chat, s => s.FloodThrottles), "{session}", "Times flood control started slowing a client down");
        _meter.CreateObservableCounter("piazza.memory.trims", () => trimmer.Trims, "{collection}", "Full collections run to give memory back after the connection count moved by Chat:MemoryTrimConnections");
        _meter.CreateObservableCounter("piazza.flood.cuts", () => ObserveSessions(chat, s => s.FloodCuts), "{session}", "Clients dropped for flooding (Excess Flood)");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Observe(ChatStartup chat, Func<ChatHub, long> read) =>
        chat.Hub is { } hub ? [new Measurement<long>(read(hub))] : [];

    private static IEnumerable<Measurement<double>> ObserveLag(ChatStartup chat) =>
        chat.Hub?.History is { } history ? [new Measurement<double>(history.Health.WriteLag.TotalSeconds)] : [];

    /// <summary>One measurement per protocol and transport that has had a session, tagged with both.</summary>
    private static IEnumerable<Measurement<long>> ObserveSessions(ChatStartup chat, Func<SessionCounters, long> read)
    {
        if (chat.Hub is not { } hub)
        {
            yield break;
        }

        foreach (var ((protocol, transport), counters) in hub.Counters.Sessions)
        {
            yield return new Measurement<long>(read(counters), new KeyValuePair<string, object?>("protocol", protocol), new KeyValuePair<string, object?>("transport", transport));
        }
    }
}
