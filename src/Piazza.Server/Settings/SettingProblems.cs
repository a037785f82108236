using Microsoft.Extensions.Options;

namespace Piazza.Server.Settings;

/// <summary>
/// Collects what is wrong with one settings section for an <see cref="IValidateOptions{TOptions}"/>
/// validator, each failure naming its key and the accepted form:
/// <c>Irc:PingTimeoutSeconds must be from 1 to 86400 (was 0)</c>. Startup prints them on one line and exits 2.
/// Every validator of ours phrases its failures through this class, so they all read alike.
/// </summary>
internal sealed class SettingProblems(string section)
{
    private readonly List<string> _failures = [];

    /// <summary>The validation result: success, or every failure added.</summary>
    public ValidateOptionsResult ToResult() =>
        _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    /// <summary>Adds <c>Section:key problem</c>.</summary>
    public void Add(string key, string problem) => _failures.Add($"{section}:{key} {problem}");

    /// <summary>Adds failures already phrased in full (<c>Chat:… must …</c>).</summary>
    public void AddRange(IEnumerable<string> failures) => _failures.AddRange(failures);

    /// <summary>The value must be 1 or more (a count or a size with no useful ceiling).</summary>
    public void Positive(long value, string key)
    {
        if (value <= 0)
        {
            Add(key, $"must be positive (was {value})");
        }
    }

    /// <summary>The value must be 0 or more.</summary>
    public void NotNegative(long value, string key)
    {
        if (value < 0)
        {
            Add(key, $"must be 0 or more (was {value})");
        }
    }

    /// <summary>
    /// The value must lie in <paramref name="min"/>…<paramref name="max"/>: for a setting that
    /// becomes a timer or a date, where a huge value would fail later, far from its key.
    /// </summary>
    public void InRange(long value, string key, long min, long max)
    {
        if (value < min || value > max)
        {
            Add(key, $"must be from {min} to {max} (was {value})");
        }
    }
}
