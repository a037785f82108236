using Microsoft.Extensions.Options;

namespace Piazza.Server.Operators;

/// <summary>
/// Registers <see cref="OperatorOptions"/> as every section is registered (SettingsRegistration),
/// but the section is a list, so it binds into <see cref="OperatorOptions.Accounts"/>: the change
/// token source that <c>Bind</c> would add is added by hand, for <c>SettingsSchema</c> to find it.
/// Validated at start by <see cref="OperatorOptionsValidator"/>.
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
