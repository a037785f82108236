using Microsoft.Extensions.Options;

namespace Piazza.Server.Flood;

/// <summary>Checks the <c>Flood</c> settings at startup; each failure names its key.</summary>
internal sealed class FloodOptionsValidator : IValidateOptions<FloodOptions>
{
    public ValidateOptionsResult Validate(string? name, FloodOptions options)
    {
        List<string> failures = [];
        Positive(failures, options.LinesPerSecond, nameof(FloodOptions.LinesPerSecond));
        Positive(failures, options.LineBurst, nameof(FloodOptions.LineBurst));
        Positive(failures, options.BytesPerSecond, nameof(FloodOptions.BytesPerSecond));
        Positive(failures, options.ByteBurst, nameof(FloodOptions.ByteBurst));
        Positive(failures, options.MaxPendingBytes, nameof(FloodOptions.MaxPendingBytes));
        if (options.MaxPendingBytes >= FloodOptions.TransportReadBufferBytes)
        {
            failures.Add($"{FloodOptions.Section}:{nameof(FloodOptions.MaxPendingBytes)} must be below {FloodOptions.TransportReadBufferBytes} (was {options.MaxPendingBytes})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, int value, string key)
    {
        if (value <= 0)
        {
            failures.Add($"{FloodOptions.Section}:{key} must be positive (was {value})");
        }
    }
}
