namespace Piazza.Server.Settings;

/// <summary>
/// One level of the settings the server understands, as the configuration binder sees an
/// options type: a value, an object with named keys, a list (keys 0, 1, …) or a map (any key).
/// </summary>
internal abstract record SettingNode
{
    /// <summary>A single value of <paramref name="Type"/> (a number, a string, true/false…).</summary>
    public sealed record Value(Type Type) : SettingNode;

    /// <summary>Named keys, compared as configuration compares them (ignoring case).</summary>
    public sealed record Object(IReadOnlyDictionary<string, SettingNode> Keys) : SettingNode;

    /// <summary>A list: keys are indexes 0, 1, …, each an <paramref name="Item"/>.</summary>
    public sealed record List(SettingNode Item) : SettingNode;

    /// <summary>A dictionary: any key, each an <paramref name="Item"/>.</summary>
    public sealed record Map(SettingNode Item) : SettingNode;

    /// <summary>Anything below (a section that another component owns, such as <c>Logging</c>).</summary>
    public sealed record Anything : SettingNode;
}
