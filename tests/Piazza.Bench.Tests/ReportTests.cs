using System.Net;

using Piazza.Bench.Protocols;
using Piazza.Bench.Report;
using Piazza.Bench.Scenarios;

namespace Piazza.Bench.Tests;

public class ReportTests
{
    private static readonly string[] Lines =
    [
        """{"scenario":"fanout","case":"C=1000","server":"piazza","clients":1000,"rooms":1,"room_size":1000,"senders":10,"rate_offered":1000,"duration_s":10,"payload_bytes":64,"deliveries_expected":9990000,"deliveries_per_s":999000,"lost":0,"latency_p99_ms":4.0,"server_cpu_s_per_m_deliveries":0.5,"server_cpu_s":5,"window_s":10}""",
        """{"scenario":"fanout","case":"C=1000","server":"ngircd","deliveries_per_s":990000,"lost":0,"latency_p99_ms":8.0,"server_cpu_s_per_m_deliveries":1.0}""",
        """{"scenario":"fanout","case":"C=1000","server":"seed","error":"only 5 of 1000 | connected"}""",
        "not json at all",
        """{"scenario":"churn","case":"churn","server":"piazza","sessions_per_s":12000,"errors":0,"bench_cores":0.9}""",
        """{"scenario":"churn","case":"churn","server":"redis","sessions_per_s":24000,"errors":0}""",
    ];

    [Fact]
    public void Rows_are_read_from_json_lines_and_other_lines_skipped()
    {
        var rows = ResultRow.Parse(Lines);

        Assert.Equal(5, rows.Count);
        Assert.Equal("ngircd", rows[1].Server);
        Assert.Equal(990000, rows[1].Number("deliveries_per_s"));
        Assert.Null(rows[1].Number("missing"));
        Assert.Contains("only 5", rows[2].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_scenario_and_case_gets_a_table_with_ratios_to_the_baseline()
    {
        var markdown = MarkdownReport.Render(ResultRow.Parse(Lines), "piazza", "# Header");

        Assert.StartsWith("# Header", markdown, StringComparison.Ordinal);
        Assert.Contains("### fanout — C=1000", markdown, StringComparison.Ordinal);
        Assert.Contains("### churn — churn", markdown, StringComparison.Ordinal);
        Assert.Contains("| ngircd |", markdown, StringComparison.Ordinal);
        Assert.Contains("1.000 (×2.00)", markdown, StringComparison.Ordinal); // ngircd's CPU per delivery is twice Piazza's
        Assert.Contains("24,000 (×2.00)", markdown, StringComparison.Ordinal);
        Assert.Contains("only 5 of 1000 \\| connected", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_standing_compares_with_the_vision_targets()
    {
        var markdown = MarkdownReport.Render(ResultRow.Parse(Lines), "piazza", null);

        Assert.Contains("×0.50 the best peer's (ngircd, 1.000); target ≤ ×0.6: **met**", markdown, StringComparison.Ordinal);
        Assert.Contains("12,000 full sessions/s", markdown, StringComparison.Ordinal);
        Assert.Contains("target ≥ 10,000 new clients/s: **met**", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_prints_as_a_table_and_one_json_line_that_reads_back()
    {
        var target = new Target { Protocol = new PlainProtocol(), Servers = [new IPEndPoint(IPAddress.Loopback, 1)], ServerLabel = "piazza", CaseLabel = "C=2" };
        var result = new BenchResult("fanout", target)
            .Add("deliveries", 12L)
            .Add("latency_p99_ms", 1.5)
            .Add("not_a_number", double.NaN)
            .Add("note", null);

        var json = result.ToJsonLine();
        var row = Assert.Single(ResultRow.Parse([json]));

        Assert.DoesNotContain('\n', json);
        Assert.Equal("C=2", row.Case);
        Assert.Equal(12, row.Number("deliveries"));
        Assert.Null(row.Number("not_a_number"));
        Assert.True(result.Succeeded);
        Assert.Contains("latency_p99_ms", result.ToTable(), StringComparison.Ordinal);
        Assert.False(result.Fail("broken").Succeeded);
    }
}
