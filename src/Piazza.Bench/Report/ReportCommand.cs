using System.CommandLine;

namespace Piazza.Bench.Report;

/// <summary><c>piazza-bench report</c>: result lines in, docs/benchmarks.md out.</summary>
internal static class ReportCommand
{
    public static Command Build()
    {
        var command = new Command("report", "turn result lines (--json-out files) into the markdown tables of docs/benchmarks.md");
        var input = new Option<FileInfo[]>("--input", "-i") { Description = "JSON-lines result files", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "where to write the markdown (default: stdout)" };
        var header = new Option<FileInfo?>("--header") { Description = "markdown to put first (machine, versions, commands)" };
        var baseline = new Option<string>("--baseline") { Description = "the server the others are compared with", DefaultValueFactory = _ => "piazza" };
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(header);
        command.Options.Add(baseline);
        command.SetAction(async (parse, cancel) =>
        {
            var rows = new List<ResultRow>();
            foreach (var file in parse.GetValue(input)!)
            {
                rows.AddRange(ResultRow.Parse(await File.ReadAllLinesAsync(file.FullName, cancel)));
            }

            var headerText = parse.GetValue(header) is { } h ? await File.ReadAllTextAsync(h.FullName, cancel) : null;
            var markdown = MarkdownReport.Render(rows, parse.GetValue(baseline)!, headerText);
            if (parse.GetValue(output) is { } file2)
            {
                await File.WriteAllTextAsync(file2.FullName, markdown, cancel);
            }
            else
            {
                await Console.Out.WriteAsync(markdown);
            }

            return 0;
        });
        return command;
    }
}
