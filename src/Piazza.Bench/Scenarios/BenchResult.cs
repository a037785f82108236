using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Piazza.Bench.Scenarios;

/// <summary>
/// A scenario's figures as named values, in the order they were added: printed as a table for
/// people and as one JSON object per line for compare.sh and the report.
/// </summary>
internal sealed class BenchResult
{
    private readonly List<KeyValuePair<string, object?>> _values = [];

    public BenchResult(string scenario, Target target)
    {
        Add("scenario", scenario);
        Add("case", target.CaseLabel ?? scenario);
        Add("server", target.ServerLabel);
        Add("protocol", target.Protocol.Name);
        Add("endpoint", target.Endpoints);
        Add("started_utc", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
    }

    /// <summary>The figures, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Values => _values;

    /// <summary>Whether the scenario ran to its end without an error.</summary>
    public bool Succeeded => Get("error") is null;

    /// <summary>Sets a figure (replacing one of the same name).</summary>
    public BenchResult Add(string key, object? value)
    {
        var at = _values.FindIndex(v => v.Key == key);
        if (at >= 0)
        {
            _values[at] = new(key, value);
        }
        else
        {
            _values.Add(new(key, value));
        }

        return this;
    }

    /// <summary>A figure, or null.</summary>
    public object? Get(string key) => _values.Find(v => v.Key == key).Value;

    /// <summary>A numeric figure, or null.</summary>
    public double? Number(string key) => Get(key) switch
    {
        double d => d,
        long l => l,
        int i => i,
        _ => null,
    };

    /// <summary>Records what went wrong; the figures gathered so far stay.</summary>
    public BenchResult Fail(string error) => Add("error", error);

    /// <summary>Adds CPU and memory figures of a window.</summary>
    public void AddCpu(Measure.CpuUse use, string prefix = "")
    {
        Add(prefix + "window_s", Math.Round(use.Seconds, 3));
        Add(prefix + "server_cpu_s", Round(use.ServerCpuSeconds, 3));
        Add(prefix + "server_rss_kib", use.ServerRssKiB);
        Add(prefix + "server_peak_rss_kib", use.ServerPeakRssKiB);
        Add(prefix + "bench_cpu_s", Math.Round(use.BenchCpuSeconds, 3));
        Add(prefix + "bench_cores", Math.Round(use.BenchCores, 3));
    }

    /// <summary>One JSON object on one line.</summary>
    public string ToJsonLine()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in _values)
            {
                switch (value)
                {
                    case null:
                        json.WriteNull(key);
                        break;
                    case double d when double.IsFinite(d):
                        json.WriteNumber(key, d);
                        break;
                    case double:
                        json.WriteNull(key);
                        break;
                    case long l:
                        json.WriteNumber(key, l);
                        break;
                    case int i:
                        json.WriteNumber(key, i);
                        break;
                    case bool b:
                        json.WriteBoolean(key, b);
                        break;
                    default:
                        json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The figures as an aligned two-column table.</summary>
    public string ToTable()
    {
        var width = _values.Max(v => v.Key.Length);
        var text = new StringBuilder();
        foreach (var (key, value) in _values)
        {
            text.Append(key.PadRight(width)).Append("  ").AppendLine(Format(value));
        }

        return text.ToString();
    }

    /// <summary>Rounds, keeping null.</summary>
    public static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;

    private static string Format(object? value) => value switch
    {
        null => "-",
        double d => d.ToString("#,0.###", CultureInfo.InvariantCulture),
        long l => l.ToString("#,0", CultureInfo.InvariantCulture),
        int i => i.ToString("#,0", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "-",
    };
}
