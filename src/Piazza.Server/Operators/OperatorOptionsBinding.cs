using Microsoft.Extensions.Options;

namespace Piazza.Server.Operators;

/// <summary>
/// Registers <see cref="OperatorOptions"/>: the section is a list, so it binds into
/// <see cref="OperatorOptions.Accounts"/>, validated at start by <see cref="OperatorOptionsValidator"/>.
/// </summary>
internal static class OperatorOptionsBinding
{
    public static void AddOperatorOptions(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(OperatorOptions.Section);
        services.AddOptions<OperatorOptions>()
            .Configure(o => section.Bind(o.Accounts))
            .ValidateOnStart();
        services.AddSingleton<IOptionsChangeTokenSource<OperatorOptions>>(new ConfigurationChangeTokenSource<OperatorOptions>(section));
        services.AddSingleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>();
        services.AddSingleton<OperatorAuthenticator>();
    }
}
