using System.Globalization;
using System.Text.Json;

namespace Piazza.Bench.Report;

/// <summary>One result line read back from a JSON-lines file.</summary>
internal sealed class ResultRow
{
    private readonly Dictionary<string, JsonElement> _values;

    private ResultRow(Dictionary<string, JsonElement> values) => _values = values;

    public string Scenario => Text("scenario") ?? "?";

    public string Case => Text("case") ?? Scenario;

    public string Server => Text("server") ?? "?";

    public string? Error => Text("error");

    /// <summary>Reads every JSON object line of <paramref name="lines"/>; other lines are skipped.</summary>
    public static List<ResultRow> Parse(IEnumerable<string> lines)
    {
        var rows = new List<ResultRow>();
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (!trimmed.StartsWith('{'))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(trimmed);
                var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    values[property.Name] = property.Value.Clone();
                }

                rows.Add(new ResultRow(values));
            }
            catch (JsonException)
            {
                // Not a result line (a log line that starts with a brace): skip it.
            }
        }

        return rows;
    }

    /// <summary>A number, or null when absent or not a number.</summary>
    public double? Number(string key) =>
        _values.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    /// <summary>A value as text, or null.</summary>
    public string? Text(string key) => _values.TryGetValue(key, out var value) ? value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Number => value.GetDouble().ToString(CultureInfo.InvariantCulture),
        _ => value.ToString(),
    } : null;
}
