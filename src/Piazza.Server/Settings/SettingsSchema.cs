using System.Collections;
using System.ComponentModel;
using System.Reflection;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Piazza.Server.Settings;

/// <summary>
/// The settings the server understands, discovered from what is registered: every options type
/// of ours bound from configuration (<c>AddOptions&lt;T&gt;().Bind(config.GetSection(T.Section))</c>) is
/// a section named by its <c>Section</c> constant, and its public properties, walked as the
/// configuration binder walks them, are its keys. A new section needs no list edited here.
/// </summary>
internal static class SettingsSchema
{
    /// <summary>
    /// Sections that are not ours and may be set: <c>Logging</c> (levels, console format) and
    /// <c>environment</c> (<c>--environment=Development</c> picks appsettings.Development.json).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, SettingNode> HostKeys = new Dictionary<string, SettingNode>(StringComparer.OrdinalIgnoreCase)
    {
        ["Logging"] = new SettingNode.Anything(),
        ["environment"] = new SettingNode.Value(typeof(string)),
    };

    /// <summary>The options types of ours bound from configuration in <paramref name="services"/>, by section.</summary>
    public static IReadOnlyDictionary<string, Type> BoundSections(IServiceCollection services)
    {
        var sections = new SortedDictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var descriptor in services)
        {
            // Bind(config) registers a ConfigurationChangeTokenSource<T> for each options type it binds.
            if (descriptor.ServiceType.IsGenericType
                && descriptor.ServiceType.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>)
                && descriptor.ImplementationInstance?.GetType() is { IsGenericType: true } source
                && source.GetGenericTypeDefinition() == typeof(ConfigurationChangeTokenSource<>)
                && descriptor.ServiceType.GetGenericArguments()[0] is var options
                && options.Namespace?.StartsWith("Piazza.", StringComparison.Ordinal) == true)
            {
                sections[SectionOf(options)] = options;
            }
        }

        return sections;
    }

    /// <summary>The whole tree: our sections and <see cref="HostKeys"/>.</summary>
    public static SettingNode.Object Build(IServiceCollection services)
    {
        var keys = new Dictionary<string, SettingNode>(HostKeys, StringComparer.OrdinalIgnoreCase);
        foreach (var (section, type) in BoundSections(services))
        {
            // A section bound into one property (a list section) has that property's shape.
            var shape = type.GetCustomAttribute<SectionBindsIntoAttribute>() is { } into
                ? type.GetProperty(into.Property)?.PropertyType ?? throw new InvalidOperationException($"{type.Name} has no property {into.Property}")
                : type;
            keys[section] = NodeOf(shape, depth: 0);
        }

        return new SettingNode.Object(keys);
    }

    /// <summary>How the binder treats <paramref name="type"/>: a value, a list, a map or an object with properties.</summary>
    public static SettingNode NodeOf(Type type, int depth)
    {
        if (depth > 8)
        {
            // A type that contains itself: accept what is below rather than recurse forever.
            return new SettingNode.Anything();
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsValue(type))
        {
            return new SettingNode.Value(type);
        }

        if (type.IsArray)
        {
            return new SettingNode.List(NodeOf(type.GetElementType()!, depth + 1));
        }

        if ((GenericInterface(type, typeof(IDictionary<,>)) ?? GenericInterface(type, typeof(IReadOnlyDictionary<,>))) is { } dictionary)
        {
            return new SettingNode.Map(NodeOf(dictionary.GetGenericArguments()[1], depth + 1));
        }

        if (GenericInterface(type, typeof(IEnumerable<>)) is { } list)
        {
            return new SettingNode.List(NodeOf(list.GetGenericArguments()[0], depth + 1));
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            return new SettingNode.List(new SettingNode.Anything());
        }

        var keys = new Dictionary<string, SettingNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.GetMethod is { IsPublic: true }
                && (property.SetMethod is { IsPublic: true } || IsCollection(property.PropertyType)))
            {
                var name = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
                keys[name] = NodeOf(property.PropertyType, depth + 1);
            }
        }

        return new SettingNode.Object(keys);
    }

    /// <summary>A type the binder converts from one string (what TypeDescriptor can convert, as the binder does).</summary>
    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(object)
        || (!typeof(IEnumerable).IsAssignableFrom(type) && TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string)));

    /// <summary>A get-only property the binder fills in place (<c>List&lt;T&gt; X { get; } = []</c>); other get-only ones are computed, not settings.</summary>
    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);

    private static string SectionOf(Type options) =>
        options.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.GetRawConstantValue() is string section
            ? section
            : throw new InvalidOperationException(
                $"{options.FullName} is bound from configuration but has no 'public const string Section': the settings check needs it to know the section's keys.");
}
