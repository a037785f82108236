using Microsoft.Extensions.Options;

using Piazza.Server.Settings;

namespace Piazza.Server.Flood;

/// <summary>Checks the <c>Flood</c> settings at startup; each failure names its key.</summary>
internal sealed class FloodOptionsValidator : IValidateOptions<FloodOptions>
{
    public ValidateOptionsResult Validate(string? name, FloodOptions options)
    {
        var problems = new SettingProblems(FloodOptions.Section);
        problems.Positive(options.LinesPerSecond, nameof(FloodOptions.LinesPerSecond));
        problems.Positive(options.LineBurst, nameof(FloodOptions.LineBurst));
        problems.Positive(options.BytesPerSecond, nameof(FloodOptions.BytesPerSecond));
        problems.Positive(options.ByteBurst, nameof(FloodOptions.ByteBurst));
        problems.Positive(options.MaxPendingBytes, nameof(FloodOptions.MaxPendingBytes));
        if (options.MaxPendingBytes >= FloodOptions.TransportReadBufferBytes)
        {
            problems.Add(nameof(FloodOptions.MaxPendingBytes), $"must be below {FloodOptions.TransportReadBufferBytes} (was {options.MaxPendingBytes})");
        }

        return problems.ToResult();
    }
}
