using System.ComponentModel;
using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Piazza.Server.Settings;

/// <summary>
/// Before anything starts: every key given in the sources that are the operator's —
/// appsettings*.json, <c>PIAZZA__</c> environment variables, the command line — must be a
/// setting the server knows (<see cref="SettingsSchema"/>), and every value of a known setting
/// must convert to its type. A misspelled key (<c>--Listen:Caht=…</c>) would otherwise be
/// ignored silently, and a value such as <c>--Chat:MaxLineBytes=abc</c> would end in the
/// binder's exception. The host's other environment variables (PATH, DOTNET_*, ASPNETCORE_*)
/// are not looked at: they are not ours to judge.
/// </summary>
internal static class SettingsCheck
{
    /// <summary>The prefix of our environment variables: <c>PIAZZA__Section__Key</c>.</summary>
    public const string EnvironmentPrefix = "PIAZZA__";

    /// <summary>Throws <see cref="SettingsException"/> listing every unknown key and unconvertible value.</summary>
    public static void ThrowIfInvalid(IConfigurationBuilder configuration, IServiceCollection services)
    {
        var schema = SettingsSchema.Build(services);
        var problems = new List<string>();
        using (var ours = OurSources(configuration))
        {
            foreach (var (key, value) in ours.AsEnumerable().OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
            {
                if (value is not null && UnknownKey(schema, key, value) is { } problem)
                {
                    problems.Add(problem);
                }
            }
        }

        // Values as they will be bound, whichever source gave them.
        var effective = (IConfiguration)configuration;
        foreach (var (key, value) in effective.AsEnumerable().OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (value is not null && Find(schema, key) is SettingNode.Value { } setting && BadValue(key, value, setting.Type) is { } problem)
            {
                problems.Add(problem);
            }
        }

        if (problems.Count > 0)
        {
            throw new SettingsException(problems);
        }
    }

    /// <summary>The configuration from the operator's sources only.</summary>
    private static ConfigurationRoot OurSources(IConfigurationBuilder configuration)
    {
        var ours = new ConfigurationBuilder();
        foreach (var source in configuration.Sources)
        {
            if (source is JsonConfigurationSource or CommandLineConfigurationSource
                or EnvironmentVariablesConfigurationSource { Prefix: EnvironmentPrefix })
            {
                ours.Add(source);
            }
        }

        return (ConfigurationRoot)ours.Build();
    }

    /// <summary>Why <paramref name="key"/> is not a setting, or null when it is one.</summary>
    private static string? UnknownKey(SettingNode.Object root, string key, string value)
    {
        SettingNode node = root;
        var path = string.Empty;
        foreach (var segment in key.Split(ConfigurationPath.KeyDelimiter))
        {
            var here = path.Length == 0 ? segment : path + ConfigurationPath.KeyDelimiter + segment;
            switch (node)
            {
                case SettingNode.Anything:
                    return null;
                case SettingNode.Object { Keys: var keys } when keys.TryGetValue(segment, out var child):
                    node = child;
                    break;
                case SettingNode.Object { Keys: var keys } when path.Length == 0:
                    var sections = keys.Keys.Where(k => !SettingsSchema.HostKeys.ContainsKey(k)).Order(StringComparer.OrdinalIgnoreCase);
                    return $"{key} is not a setting: the sections are {string.Join(", ", sections)} (and Logging)";
                case SettingNode.Object { Keys: var keys }:
                    return $"{key} is not a setting: {path} has {string.Join(", ", keys.Keys)}";
                case SettingNode.List { Item: var item } when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _):
                    node = item;
                    break;
                case SettingNode.List:
                    return $"{key} is not a setting: {path} is a list, its keys are {path}:0, {path}:1, …";
                case SettingNode.Map { Item: var item }:
                    node = item;
                    break;
                case SettingNode.Value:
                    return $"{key} is not a setting: {path} takes a value, not keys below it";
            }

            path = here;
        }

        return value.Length == 0 ? null : node switch
        {
            SettingNode.List => $"{key} is a list: give its entries as {key}:0, {key}:1, … (was '{value}')",
            SettingNode.Object { Keys: var keys } => $"{key} is a section: set its keys ({string.Join(", ", keys.Keys)}), as {key}:KEY=value",
            SettingNode.Map => $"{key} is a section: set its entries as {key}:NAME=value",
            _ => null,
        };
    }

    /// <summary>The node <paramref name="key"/> names, or null when it names none.</summary>
    private static SettingNode? Find(SettingNode.Object root, string key)
    {
        SettingNode? node = root;
        foreach (var segment in key.Split(ConfigurationPath.KeyDelimiter))
        {
            node = node switch
            {
                SettingNode.Object { Keys: var keys } => keys.GetValueOrDefault(segment),
                SettingNode.List { Item: var item } => item,
                SettingNode.Map { Item: var item } => item,
                _ => null,
            };
        }

        return node;
    }

    /// <summary>Why <paramref name="value"/> does not convert to <paramref name="type"/> as the binder converts it, or null.</summary>
    private static string? BadValue(string key, string value, Type type)
    {
        if (type == typeof(string) || type == typeof(object))
        {
            return null;
        }

        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return $"{key} must be {Describe(type)} (was '{value}')";
        }
    }

    private static string Describe(Type type) => Type.GetTypeCode(type) switch
    {
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.SByte => $"a whole number (at most {Max(type)})",
        TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 => $"a whole number, 0 or more (at most {Max(type)})",
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number, such as 1.5",
        TypeCode.Boolean => "true or false",
        _ when type == typeof(TimeSpan) => "a time span, such as 00:00:30",
        _ => "a " + type.Name,
    };

    private static object? Max(Type type) => type.GetField("MaxValue")?.GetValue(null);
}
