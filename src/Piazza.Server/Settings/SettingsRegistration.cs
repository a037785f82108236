using Microsoft.Extensions.Options;

namespace Piazza.Server.Settings;

/// <summary>
/// The one way a section of settings is registered: bound from its configuration section and
/// checked by its <see cref="IValidateOptions{TOptions}"/> when the host starts, so a bad value
/// ends the start with one line (exit 2) instead of failing on first use. The binding is also
/// what <see cref="SettingsSchema"/> discovers the section's keys from.
/// </summary>
internal static class SettingsRegistration
{
    /// <summary>Binds <typeparamref name="TOptions"/> from <paramref name="section"/>, validated at start by <typeparamref name="TValidator"/>.</summary>
    public static OptionsBuilder<TOptions> AddSettings<TOptions, TValidator>(this IServiceCollection services, IConfigurationSection section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
    }
}
