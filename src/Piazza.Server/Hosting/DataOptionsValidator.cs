using Microsoft.Extensions.Options;

using Piazza.Server.Settings;

namespace Piazza.Server.Hosting;

/// <summary>Checks <c>Data:*</c> at startup.</summary>
internal sealed class DataOptionsValidator : IValidateOptions<DataOptions>
{
    public ValidateOptionsResult Validate(string? name, DataOptions options)
    {
        var problems = new SettingProblems(DataOptions.Section);
        if (options.Path.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            problems.Add(nameof(DataOptions.Path), $"must be a folder path, such as /var/lib/piazza, or empty for the default (was '{options.Path}')");
        }

        return problems.ToResult();
    }
}
