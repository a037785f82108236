namespace Piazza.Server.Settings;

/// <summary>
/// On an options type whose configuration section is not an object of its properties but is bound
/// into one of them (a section that is a list, such as <c>Operators</c>, bound with
/// <c>section.Bind(o.Accounts)</c>): names that property, so <see cref="SettingsSchema"/> reads
/// the section's keys from its type.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class SectionBindsIntoAttribute(string property) : Attribute
{
    /// <summary>The property the whole section binds into.</summary>
    public string Property { get; } = property;
}
