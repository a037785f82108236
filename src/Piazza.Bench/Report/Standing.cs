using System.Globalization;
using System.Text;

namespace Piazza.Bench.Report;

/// <summary>Where the baseline server stands against "The performance we design for" in VISION.md.</summary>
internal static class Standing
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(IReadOnlyList<ResultRow> rows, string baseline)
    {
        var text = new StringBuilder();
        text.AppendLine($"## Where {baseline} stands against VISION.md's targets").AppendLine();
        text.AppendLine(Fanout(rows, baseline));
        text.AppendLine(Saturate(rows, baseline));
        text.AppendLine(Conns(rows, baseline));
        text.AppendLine(Churn(rows, baseline));
        text.AppendLine("- History (≥ 50,000 messages/s stored): not a piazza-bench scenario; see the history store section below, if any.");
        return text.ToString();
    }

    private static string Fanout(IReadOnlyList<ResultRow> rows, string baseline)
    {
        var mine = rows.Where(r => r.Scenario == "fanout" && r.Server == baseline && r.Error is null)
            .OrderByDescending(r => r.Number("clients") ?? 0).FirstOrDefault();
        if (mine is null)
        {
            return "- Fan-out: no successful fanout run.";
        }

        var peers = Peers(rows, mine, baseline, "server_cpu_s_per_m_deliveries");
        var cpu = mine.Number("server_cpu_s_per_m_deliveries");
        var best = peers.OrderBy(p => p.Number("server_cpu_s_per_m_deliveries")).FirstOrDefault();
        var lost = mine.Number("lost") ?? 0;
        var p99 = mine.Number("latency_p99_ms") ?? double.NaN;
        var cpuPart = cpu is { } c && best?.Number("server_cpu_s_per_m_deliveries") is { } b && b > 0
            ? string.Create(Invariant, $"{c:0.000} CPU-s per million deliveries, ×{c / b:0.00} the best peer's ({best.Server}, {b:0.000}); target ≤ ×0.6: {Verdict(c / b <= 0.6)}")
            : "CPU per delivery: no peer to compare with (or no --server-pid)";
        return string.Create(Invariant, $"- Fan-out ({mine.Case}: {mine.Number("clients"):#,0} clients, {mine.Number("deliveries_per_s"):#,0} deliveries/s): loss {lost:#,0} ({Verdict(lost == 0)}); p99 {p99:0.0} ms, target ≤ 50 ms: {Verdict(p99 <= 50)}; {cpuPart}.");
    }

    private static string Saturate(IReadOnlyList<ResultRow> rows, string baseline)
    {
        var mine = rows.FirstOrDefault(r => r.Scenario == "saturate" && r.Server == baseline && r.Error is null);
        if (mine?.Number("best_deliveries_per_s") is not { } own)
        {
            return "- Saturation: no successful saturate run.";
        }

        var best = Peers(rows, mine, baseline, "best_deliveries_per_s").OrderByDescending(p => p.Number("best_deliveries_per_s")).FirstOrDefault();
        if (best?.Number("best_deliveries_per_s") is not { } theirs)
        {
            return string.Create(Invariant, $"- Saturation: {own:#,0} deliveries/s sustained; no peer to compare with.");
        }

        return string.Create(Invariant, $"- Saturation: {own:#,0} deliveries/s sustained, ×{own / theirs:0.00} the best peer's ({best.Server}, {theirs:#,0}); target ≥ ×1: {Verdict(own >= theirs)}.");
    }

    private static string Conns(IReadOnlyList<ResultRow> rows, string baseline)
    {
        var mine = rows.Where(r => r.Scenario == "conns" && r.Server == baseline).OrderByDescending(r => r.Number("connected") ?? 0).FirstOrDefault();
        if (mine?.Number("kib_per_connection") is not { } kib)
        {
            return "- Idle connections: no conns run with memory figures.";
        }

        var connected = mine.Number("connected") ?? 0;
        return string.Create(Invariant, $"- Idle connections: {connected:#,0} connected ({mine.Number("connect_failures") ?? 0:#,0} failed), {kib:0.00} KiB each; target 19,000 at ≤ 2 KiB: memory {Verdict(kib <= 2)}{(connected < 19_000 ? ", count not tried at 19,000 here" : string.Empty)}.");
    }

    private static string Churn(IReadOnlyList<ResultRow> rows, string baseline)
    {
        var mine = rows.FirstOrDefault(r => r.Scenario == "churn" && r.Server == baseline);
        if (mine?.Number("sessions_per_s") is not { } rate)
        {
            return "- Registrations: no churn run.";
        }

        return string.Create(Invariant, $"- Registrations: {rate:#,0} full sessions/s (connect, register, join, say, quit) with {mine.Number("errors") ?? 0:#,0} errors; target ≥ 10,000 new clients/s: {Verdict(rate >= 10_000)} (the bench's share of the two cores was {mine.Number("bench_cores"):0.00} cores).");
    }

    /// <summary>
    /// The other servers' rows of the same scenario and case that ran cleanly, lost nothing and
    /// have <paramref name="key"/>: a server that drops messages doesn't spend less per delivery.
    /// The baseline's other modes ("piazza-irc") are not peers.
    /// </summary>
    private static List<ResultRow> Peers(IReadOnlyList<ResultRow> rows, ResultRow mine, string baseline, string key) =>
        [.. rows.Where(r => r.Scenario == mine.Scenario && r.Case == mine.Case && !IsBaseline(r.Server, baseline) && r.Error is null && r.Number(key) is > 0
            && (r.Number("lost") ?? 0) == 0)];

    private static bool IsBaseline(string server, string baseline) =>
        server == baseline || server.StartsWith(baseline + "-", StringComparison.Ordinal);

    private static string Verdict(bool met) => met ? "**met**" : "**not met**";
}
