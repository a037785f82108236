using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using Piazza.Server.Settings;

namespace Piazza.Server.Tests.Settings;

/// <summary>
/// The unknown-key check learns the sections from the options types registered with
/// <c>AddOptions&lt;T&gt;().Bind(section)</c>: a new section (with lists of objects, lists of values
/// and maps) is known without any list being edited, and only the operator's sources are judged.
/// </summary>
public sealed class SettingsSchemaTests
{
    [Fact]
    public void A_registered_section_is_known_with_its_lists_objects_and_maps()
    {
        var problems = Check(
            "--Sample:Enabled=true",
            "--Sample:Operators:0:Name=alice",
            "--Sample:Operators:1:PasswordHash=x",
            "--Sample:Exempt:0=127.0.0.1/32",
            "--Sample:Exempt:1=::1/128",
            "--Sample:Rooms:lobby=3",
            "--Sample:Inner:Level=2");

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("--Sample:Operators:0:Nmae=alice", "Sample:Operators:0:Nmae is not a setting: Sample:Operators:0 has Name, PasswordHash")]
    [InlineData("--Sample:Operators:zero:Name=alice", "Sample:Operators:zero:Name is not a setting: Sample:Operators is a list, its keys are Sample:Operators:0, Sample:Operators:1, …")]
    [InlineData("--Sample:Exempt=127.0.0.1/32", "Sample:Exempt is a list: give its entries as Sample:Exempt:0, Sample:Exempt:1, … (was '127.0.0.1/32')")]
    [InlineData("--Sample:Rooms:lobby=three", "Sample:Rooms:lobby must be a whole number (at most 2147483647) (was 'three')")]
    [InlineData("--Sample:Enabled=yes", "Sample:Enabled must be true or false (was 'yes')")]
    [InlineData("--Sample:Inner:Levle=2", "Sample:Inner:Levle is not a setting: Sample:Inner has Level")]
    [InlineData("--Sample:Computed=1", "Sample:Computed is not a setting: Sample has ")]
    [InlineData("--Other:Key=1", "Other:Key is not a setting: the sections are Sample (and Logging)")]
    public void A_key_or_value_the_section_does_not_have_is_named(string argument, string expected)
    {
        var problem = Assert.Single(Check(argument));

        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_operators_sources_are_judged_for_unknown_keys()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["PATH"] = "/usr/bin", ["Host:Thing"] = "1" });
        configuration.AddCommandLine(["--Sample:Enabled=true"]);

        Assert.Empty(Check(configuration));
    }

    private static IReadOnlyList<string> Check(params string[] args)
    {
        var configuration = new ConfigurationManager();
        configuration.AddCommandLine(args);
        return Check(configuration);
    }

    private static IReadOnlyList<string> Check(ConfigurationManager configuration)
    {
        var services = new ServiceCollection();
        services.AddOptions<SampleOptions>().Bind(configuration.GetSection(SampleOptions.Section)).ValidateOnStart();
        try
        {
            SettingsCheck.ThrowIfInvalid(configuration, services);
            return [];
        }
        catch (SettingsException ex)
        {
            return ex.Problems;
        }
    }

    /// <summary>A section as another area would add it (operators, exempt addresses, per-room limits).</summary>
    private sealed class SampleOptions
    {
        public const string Section = "Sample";

        public bool Enabled { get; set; }

        public List<SampleOperator> Operators { get; set; } = [];

        public string[] Exempt { get; set; } = [];

        public Dictionary<string, int> Rooms { get; } = [];

        public SampleInner Inner { get; set; } = new();

        public string Computed => Enabled ? "on" : "off";
    }

    private sealed class SampleOperator
    {
        public string Name { get; set; } = string.Empty;

        public string PasswordHash { get; set; } = string.Empty;
    }

    private sealed class SampleInner
    {
        public int Level { get; set; }
    }
}
