using Microsoft.Extensions.Options;

namespace Piazza.Server.Flood;

/// <summary>The server's flood control: the settings and the clock; makes each connection's <see cref="FloodGate"/>.</summary>
internal sealed class FloodControl(IOptions<FloodOptions> options, TimeProvider time)
{
    /// <summary>The settings in force.</summary>
    public FloodOptions Options => options.Value;

    /// <summary>A new connection's gate, or null when flood control is off.</summary>
    public FloodGate? NewGate() => Options.Enabled ? new FloodGate(Options, time) : null;
}
