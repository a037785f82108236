using Microsoft.Extensions.Options;

using Piazza.Server.Settings;
using Piazza.Server.WebSockets;

namespace Piazza.Server.Http;

/// <summary>Checks <c>Http:*</c> at startup: each <c>Http:AllowedOrigins</c> entry is <c>*</c> or an origin.</summary>
internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var problems = new SettingProblems(HttpOptions.Section);
        var origins = options.AllowedOrigins ?? [];
        for (var i = 0; i < origins.Count; i++)
        {
            var entry = origins[i];
            if (!string.IsNullOrWhiteSpace(entry) && entry != HttpOptions.AnyOrigin && !WebOrigin.TryParse(entry, out _))
            {
                problems.Add($"{nameof(HttpOptions.AllowedOrigins)}:{i}", "must be an origin such as https://chat.example.org or "
                    + $"http://localhost:5173 (scheme://host[:port], no path), or * for any (was \"{entry}\")");
            }
        }

        return problems.ToResult();
    }
}
