using Microsoft.Extensions.Options;

using Piazza.Server.Settings;

namespace Piazza.Server.Limits;

/// <summary>Checks <see cref="LimitsOptions"/> at startup; each failure names its key.</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var problems = new SettingProblems(LimitsOptions.Section);
        problems.Positive(options.MaxConnectionsPerIp, nameof(LimitsOptions.MaxConnectionsPerIp));
        problems.Positive(options.MaxNewConnectionsPerIp, nameof(LimitsOptions.MaxNewConnectionsPerIp));
        problems.Positive(options.NewConnectionWindowSeconds, nameof(LimitsOptions.NewConnectionWindowSeconds));
        var exempt = options.Exempt ?? [.. LimitsOptions.DefaultExempt];
        for (var i = 0; i < exempt.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(exempt[i]) && !IpNetworks.TryParse(exempt[i], out _))
            {
                problems.Add($"{nameof(LimitsOptions.Exempt)}:{i}", "must be a network such as 10.0.0.0/8, "
                    + $"2001:db8::/32 or 192.0.2.7 (was \"{exempt[i]}\")");
            }
        }

        return problems.ToResult();
    }
}
