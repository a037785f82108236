using System.Globalization;
using System.Text;

namespace Piazza.Bench.Report;

/// <summary>
/// Turns result lines into docs/benchmarks.md's tables: one per scenario and case, a row per
/// server, the key figures with their ratio to the baseline server's (Piazza) in the same run,
/// then where the baseline stands against the targets in VISION.md.
/// </summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(IReadOnlyList<ResultRow> rows, string baseline, string? header)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(header))
        {
            text.AppendLine(header.TrimEnd()).AppendLine();
        }

        text.AppendLine("## Results").AppendLine();
        text.AppendLine($"`(×N)` is a server's figure divided by {baseline}'s in the same table: for CPU, memory and latency below ×1 means it spends less than {baseline}; for rates above ×1 means it does more.").AppendLine();
        foreach (var group in rows.GroupBy(r => (r.Scenario, r.Case)).OrderBy(g => ScenarioOrder(g.Key.Scenario)))
        {
            var members = group.ToList();
            var basis = members.Find(r => r.Server == baseline);
            text.AppendLine($"### {group.Key.Scenario} — {group.Key.Case}").AppendLine();
            text.AppendLine(Describe(members[0])).AppendLine();
            var columns = ColumnsFor(group.Key.Scenario);
            text.AppendLine("| server | " + string.Join(" | ", columns.Select(c => c.Header)) + " | note |");
            text.AppendLine("|---|" + string.Concat(columns.Select(_ => "---:|")) + "---|");
            foreach (var row in members)
            {
                var cells = columns.Select(c => c.Cell(row, basis));
                text.AppendLine($"| {row.Server} | " + string.Join(" | ", cells) + $" | {Escape(row.Error)} |");
            }

            text.AppendLine();
        }

        text.Append(Standing.Render(rows, baseline));
        return text.ToString();
    }

    /// <summary>Tables in the order the issue and VISION.md name them; cases keep the order they ran in.</summary>
    private static int ScenarioOrder(string scenario) => Array.IndexOf(["fanout", "saturate", "rooms", "conns", "churn"], scenario) is var i and >= 0 ? i : 99;

    /// <summary>The shape of a run, from its parameters.</summary>
    private static string Describe(ResultRow row) => row.Scenario switch
    {
        "fanout" or "rooms" => string.Create(Invariant, $"{row.Number("clients"):#,0} clients in {row.Number("rooms"):#,0} room(s) of {row.Number("room_size"):#,0}, {row.Number("senders"):#,0} senders, {row.Number("rate_offered"):#,0} messages/s offered for {row.Number("duration_s"):0.#} s ({row.Number("payload_bytes"):0}-byte text); expected deliveries {row.Number("deliveries_expected"):#,0}."),
        "saturate" => string.Create(Invariant, $"{row.Number("clients"):#,0} clients in one room, {row.Number("senders"):#,0} senders; the offered rate grows ×1.5 a step ({row.Number("step_s"):0.#} s each) until deliveries stop growing, loss passes {row.Number("max_loss"):P1} or p99 passes {row.Number("max_p99_ms"):0} ms."),
        "conns" => string.Create(Invariant, $"{row.Number("clients"):#,0} idle registered clients in no room, {row.Number("connect_concurrency"):0} connecting at once from {row.Number("source_addresses"):0} source addresses."),
        "churn" => string.Create(Invariant, $"{row.Number("concurrency"):0} sessions at once for {row.Number("duration_s"):0.#} s, each: connect, register, join a room, say a line, quit, wait for the close."),
        _ => string.Empty,
    };

    private static List<Column> ColumnsFor(string scenario) => scenario switch
    {
        "fanout" or "rooms" =>
        [
            Column.Value("deliveries/s", "deliveries_per_s", "#,0"),
            Column.Value("lost", "lost", "#,0"),
            Column.Value("dup", "duplicates", "#,0"),
            Column.Value("out of order", "out_of_order", "#,0"),
            Column.Value("malformed", "malformed", "#,0"),
            Column.Value("p50 ms", "latency_p50_ms", "0.0##"),
            Column.Ratio("p99 ms", "latency_p99_ms", "0.0##"),
            Column.Value("p99.9 ms", "latency_p999_ms", "0.0##"),
            Column.Value("max ms", "latency_max_ms", "0.0##"),
            Column.Ratio("server CPU-s per M deliveries", "server_cpu_s_per_m_deliveries", "0.000"),
            Column.Value("server cores", r => Divide(r.Number("server_cpu_s"), r.Number("window_s")), "0.00"),
            Column.Value("server peak RSS MiB", r => r.Number("server_peak_rss_kib") / 1024, "#,0.0"),
            Column.Value("bench cores", "bench_cores", "0.00"),
        ],
        "saturate" =>
        [
            Column.Ratio("best deliveries/s", "best_deliveries_per_s", "#,0"),
            Column.Value("at msg/s offered", "best_rate_offered", "#,0"),
            Column.Value("p99 ms there", "best_latency_p99_ms", "0.0##"),
            Column.Ratio("server CPU-s per M there", "best_server_cpu_s_per_m_deliveries", "0.000"),
            Column.Value("bench cores there", "best_bench_cores", "0.00"),
            Column.Text("stopped because", "broke_because"),
        ],
        "conns" =>
        [
            Column.Value("connected", "connected", "#,0"),
            Column.Value("failed", "connect_failures", "#,0"),
            Column.Ratio("connects/s", "connects_per_s", "#,0"),
            Column.Ratio("KiB per connection", "kib_per_connection", "#,0.00"),
            Column.Value("RSS with them MiB", r => r.Number("server_rss_with_clients_kib") / 1024, "#,0.0"),
            Column.Value("RSS after close MiB", r => r.Number("server_rss_after_close_kib") / 1024, "#,0.0"),
            Column.Value("RSS later MiB", r => r.Number("server_rss_later_kib") / 1024, "#,0.0"),
            Column.Value("idle CPU-s in hold", "hold_server_cpu_s", "0.00"),
        ],
        "churn" =>
        [
            Column.Ratio("sessions/s", "sessions_per_s", "#,0"),
            Column.Value("errors", "errors", "#,0"),
            Column.Value("p50 ms", "session_p50_ms", "0.0##"),
            Column.Value("p99 ms", "session_p99_ms", "0.0##"),
            Column.Ratio("server CPU-ms per session", "server_cpu_ms_per_session", "0.000"),
            Column.Value("bench cores", "bench_cores", "0.00"),
        ],
        _ => [],
    };

    private static double? Divide(double? a, double? b) => a is { } x && b is { } y && y > 0 ? x / y : null;

    private static string Escape(string? text) => text?.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal) ?? string.Empty;

    /// <summary>A table column: a header and how to fill a cell, given the baseline's row.</summary>
    private sealed record Column(string Header, Func<ResultRow, ResultRow?, string> Cell)
    {
        public static Column Value(string header, string key, string format) => Value(header, r => r.Number(key), format);

        public static Column Value(string header, Func<ResultRow, double?> value, string format) =>
            new(header, (row, _) => Format(value(row), format));

        public static Column Text(string header, string key) => new(header, (row, _) => Escape(row.Text(key)));

        /// <summary>The value and, when the baseline has one, the ratio to it.</summary>
        public static Column Ratio(string header, string key, string format) => new(header, (row, basis) =>
        {
            var value = row.Number(key);
            var cell = Format(value, format);
            return value is { } v && basis?.Number(key) is { } b && b > 0 ? cell + string.Create(Invariant, $" (×{v / b:0.00})") : cell;
        });

        private static string Format(double? value, string format) => value is { } v ? v.ToString(format, Invariant) : "–";
    }
}
