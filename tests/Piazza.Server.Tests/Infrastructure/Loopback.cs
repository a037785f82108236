using System.Net;

using Microsoft.Extensions.DependencyInjection;

using Piazza.Server.Limits;
using Piazza.Testing;

namespace Piazza.Server.Tests.Infrastructure;

/// <summary>Client addresses for the per-IP limits (Linux answers on all of 127.0.0.0/8).</summary>
internal static class Loopback
{
    /// <summary>127.0.0.<paramref name="n"/>: a client address of its own for a test (not exempt from the per-IP limits).</summary>
    public static IPAddress Address(int n) => new([127, 0, 0, (byte)n]);

    /// <summary>The server's per-IP table.</summary>
    public static PerIpLimiter PerIp(this TestServer server) => server.Services.GetRequiredService<PerIpLimiter>();
}
