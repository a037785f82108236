using System.Net;
using System.Text;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Piazza.Server.Limits;

namespace Piazza.Server.Tests.Limits;

/// <summary>Which group an address counts in, and how exempt networks are read and matched.</summary>
public sealed class IpNetworksTests
{
    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::")]
    [InlineData("::1", "::")]
    [InlineData("fe80::1%2", "fe80::")]
    public void An_address_counts_in_its_group(string address, string group) =>
        Assert.Equal(IPAddress.Parse(group), IpNetworks.GroupOf(IPAddress.Parse(address)));

    [Fact]
    public void Two_addresses_of_one_64_share_a_group_and_the_next_64_does_not()
    {
        var a = IpNetworks.GroupOf(IPAddress.Parse("2001:db8:0:1::a"));
        var b = IpNetworks.GroupOf(IPAddress.Parse("2001:db8:0:1:ffff::b"));
        var c = IpNetworks.GroupOf(IPAddress.Parse("2001:db8:0:2::a"));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData("127.0.0.1/32", "127.0.0.1", true)]
    [InlineData("127.0.0.1/32", "127.0.0.2", false)]
    [InlineData("127.0.0.1/32", "::ffff:127.0.0.1", true)]
    [InlineData("::1/128", "::1", true)]
    [InlineData("::1/128", "127.0.0.1", false)]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("192.0.2.7", "192.0.2.7", true)]
    [InlineData("192.0.2.7", "192.0.2.8", false)]
    [InlineData(" 0.0.0.0/0 ", "203.0.113.9", true)]
    [InlineData("192.168.1.5/24", "192.168.1.200", true)]
    [InlineData("192.168.1.5/24", "192.168.2.5", false)]
    public void An_exempt_entry_matches_the_addresses_in_its_network(string entry, string address, bool inside)
    {
        Assert.True(IpNetworks.TryParse(entry, out var network));

        Assert.Equal(inside, IpNetworks.IsIn(IpNetworks.Unmapped(IPAddress.Parse(address)), [network]));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/")]
    [InlineData("2001:db8::/129")]
    [InlineData("127.0.0.1/32,::1/128")]
    [InlineData("")]
    public void A_bad_entry_does_not_parse(string entry) => Assert.False(IpNetworks.TryParse(entry, out _));

    [Fact]
    public void The_validator_names_the_key_of_each_bad_setting()
    {
        var options = new LimitsOptions { MaxConnectionsPerIp = 0, Exempt = ["10.0.0.0/8", "", "10.0.0.0/40"] };

        var result = new LimitsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Limits:MaxConnectionsPerIp must be positive (was 0)",
                "Limits:Exempt:2 must be a network such as 10.0.0.0/8, 2001:db8::/32 or 192.0.2.7 (was \"10.0.0.0/40\")",
            ],
            result.Failures);
    }

    [Theory]
    [InlineData("{}", new[] { "127.0.0.1/32", "::1/128" })]
    [InlineData("{\"Limits\": {\"Exempt\": []}}", new string[0])]
    [InlineData("{\"Limits\": {\"Exempt\": [\"\"]}}", new string[0])]
    [InlineData("{\"Limits\": {\"Exempt\": [\"10.0.0.0/8\"]}}", new[] { "10.0.0.0/8" })]
    public void An_empty_json_list_exempts_nobody_and_an_absent_one_means_localhost(string json, string[] entries)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        LimitsOptions.Register(services, configuration);

        using var provider = services.BuildServiceProvider();

        Assert.Equal(entries, provider.GetRequiredService<IOptions<LimitsOptions>>().Value.ExemptEntries);
    }

    [Fact]
    public void Unset_the_exempt_list_is_exactly_localhost_and_empty_entries_are_skipped()
    {
        Assert.Equal(["127.0.0.1/32", "::1/128"], new LimitsOptions().ExemptEntries);
        Assert.Empty(new LimitsOptions { Exempt = ["", " "] }.ExemptEntries);
    }
}
