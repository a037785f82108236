using Microsoft.Extensions.Options;

namespace Piazza.Server.Http;

/// <summary>Checks <c>Http:*</c> at startup: a flag only, which binding itself checks (true or false).</summary>
internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options) => ValidateOptionsResult.Success;
}
