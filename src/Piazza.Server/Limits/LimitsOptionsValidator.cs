using Microsoft.Extensions.Options;

namespace Piazza.Server.Limits;

/// <summary>Checks <see cref="LimitsOptions"/> at startup; each failure names its key.</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var failures = new List<string>();
        Positive(failures, options.MaxConnectionsPerIp, nameof(LimitsOptions.MaxConnectionsPerIp));
        Positive(failures, options.MaxNewConnectionsPerIp, nameof(LimitsOptions.MaxNewConnectionsPerIp));
        Positive(failures, options.NewConnectionWindowSeconds, nameof(LimitsOptions.NewConnectionWindowSeconds));
        var exempt = options.Exempt ?? [.. LimitsOptions.DefaultExempt];
        for (var i = 0; i < exempt.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(exempt[i]) && !IpNetworks.TryParse(exempt[i], out _))
            {
                failures.Add($"{LimitsOptions.Section}:{nameof(LimitsOptions.Exempt)}:{i} must be a network such as 10.0.0.0/8, "
                    + $"2001:db8::/32 or 192.0.2.7 (was \"{exempt[i]}\")");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, int value, string key)
    {
        if (value <= 0)
        {
            failures.Add($"{LimitsOptions.Section}:{key} must be positive (was {value})");
        }
    }
}
