using System.Diagnostics.Metrics;

using Piazza.Core;
using Piazza.Server.Hosting;

namespace Piazza.Server.Http;

/// <summary>
/// Piazza's own instruments, on the meter <see cref="MeterName"/>, which <c>/metrics</c> exports in
/// Prometheus' text format (<see cref="MetricsEndpoint"/>) beside the runtime's (GC, thread pool).
/// All are observed when scraped: each reads a counter or a count the server keeps anyway, so the
/// chat's paths pay nothing for them. Before the chat has opened they report nothing.
/// </summary>
internal sealed class ChatMetrics : IDisposable
{
    /// <summary>The meter's name, which the metrics pipeline listens to.</summary>
    public const string MeterName = "Piazza";

    private readonly Meter _meter;

    public ChatMetrics(IMeterFactory meters, ChatStartup chat, ConnectionCounter connections)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("piazza.connections", () => connections.Open, "{connection}", "Open connections on the chat, IRC and TLS ports");
        _meter.CreateObservableGauge("piazza.members", () => Observe(chat, h => h.MemberCount), "{member}", "Clients in the chat (registered IRC clients, plain clients)");
        _meter.CreateObservableGauge("piazza.rooms", () => Observe(chat, h => h.Rooms.Count), "{room}", "Open rooms");
        _meter.CreateObservableGauge("piazza.server_operators", () => Observe(chat, h => h.ServerOperatorCount), "{member}", "Connected server operators");
        _meter.CreateObservableGauge("piazza.accounts", () => Observe(chat, h => h.Accounts.Count), "{account}", "Registered accounts");
        _meter.CreateObservableGauge("piazza.history.pending", () => Observe(chat, h => h.History?.Health.Pending ?? 0), "{message}", "Messages queued for the history store, not yet written");
        _meter.CreateObservableCounter("piazza.history.dropped", () => Observe(chat, h => h.History?.Health.Dropped ?? 0), "{message}", "Messages the history store lost since start (queue full, or a failed write)");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Observe(ChatStartup chat, Func<ChatHub, long> read) =>
        chat.Hub is { } hub ? [new Measurement<long>(read(hub))] : [];
}
