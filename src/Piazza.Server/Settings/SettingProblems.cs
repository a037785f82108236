using Microsoft.Extensions.Options;

namespace Piazza.Server.Settings;

/// <summary>
/// Collects what is wrong with one settings section for an <see cref="IValidateOptions{TOptions}"/>
/// validator, each failure naming its key and the accepted form:
/// <c>Irc:PingTimeoutSeconds must be positive (was 0)</c>. Startup prints them on one line and exits 2.
/// </summary>
internal sealed class SettingProblems(string section)
{
    private readonly List<string> _failures = [];

    /// <summary>The validation result: success, or every failure added.</summary>
    public ValidateOptionsResult Result =>
        _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    /// <summary>Adds <c>Section:key problem</c>.</summary>
    public void Add(string key, string problem) => _failures.Add($"{section}:{key} {problem}");

    /// <summary>Adds failures already phrased in full (<c>Chat:… must …</c>).</summary>
    public void AddRange(IEnumerable<string> failures) => _failures.AddRange(failures);

    /// <summary>The value must be 1 or more.</summary>
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
}
