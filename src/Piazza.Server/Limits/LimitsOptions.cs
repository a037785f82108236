using Piazza.Server.Settings;

namespace Piazza.Server.Limits;

/// <summary>
/// Per-IP connection limits, bound from the configuration section <c>Limits</c>
/// (<c>--Limits:MaxConnectionsPerIp=32</c>). They apply to every chat listener together (the chat
/// port and the IRC port share one count per address); an IPv6 client counts by its /64.
/// </summary>
/// <remarks>
/// The defaults are Ergo's (its <c>ip-limits</c>: 16 concurrent connections, 32 per 10-minute
/// window, localhost exempt): enough for a household or a small office behind one address,
/// tight enough that one address cannot hold a server of 10,000 slots or spin on reconnects.
/// A university or company NAT that needs more goes in <see cref="Exempt"/>.
/// </remarks>
public sealed class LimitsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Limits";

    /// <summary>The exempt list when the setting is absent: localhost, as Ergo exempts it.</summary>
    public static readonly IReadOnlyList<string> DefaultExempt = ["127.0.0.1/32", "::1/128"];

    /// <summary>Most connections open at once from one address (an IPv6 /64). Default 16.</summary>
    public int MaxConnectionsPerIp { get; set; } = 16;

    /// <summary>Most new connections from one address in <see cref="NewConnectionWindowSeconds"/>. Default 32.</summary>
    public int MaxNewConnectionsPerIp { get; set; } = 32;

    /// <summary>
    /// The window for <see cref="MaxNewConnectionsPerIp"/>, in seconds. It starts with an address's
    /// first connection and, once over, starts again with the next one (Ergo's throttle). Default 600.
    /// </summary>
    public int NewConnectionWindowSeconds { get; set; } = 600;

    /// <summary>
    /// Networks the limits do not apply to, as CIDRs (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>) or
    /// single addresses. Null (unset) means <see cref="DefaultExempt"/>: exactly <c>127.0.0.1/32</c>
    /// and <c>::1/128</c>, so other loopback addresses (127.0.0.2 …) are limited like any client.
    /// An empty list (<c>"Exempt": []</c> in appsettings.json) exempts nobody.
    /// Empty entries are skipped, which is how a command line says "none"
    /// (<c>--Limits:Exempt:0= --Limits:Exempt:1=</c>): a list setting merges with appsettings.json
    /// by index, so <c>--Limits:Exempt:0=10.0.0.0/8</c> alone replaces only the first entry.
    /// </summary>
    public List<string>? Exempt { get; set; }

    /// <summary>
    /// Registers the options, bound from <paramref name="configuration"/>'s <c>Limits</c> section
    /// and validated at startup. An empty JSON list (<c>"Exempt": []</c>) binds as nothing at all;
    /// it is read here as the empty list it says, not as "unset" (which would mean localhost).
    /// </summary>
    internal static void Register(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        services.AddSettings<LimitsOptions, LimitsOptionsValidator>(section)
            .PostConfigure(o => o.Exempt ??= section.GetSection(nameof(Exempt)).Exists() ? [] : null);
    }

    /// <summary>The exempt entries in effect: <see cref="Exempt"/>, or the default when unset, without empty entries.</summary>
    public IEnumerable<string> ExemptEntries => (Exempt ?? DefaultExempt).Where(e => !string.IsNullOrWhiteSpace(e));
}
