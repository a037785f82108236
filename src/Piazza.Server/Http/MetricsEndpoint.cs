using System.Diagnostics.Metrics;
using System.Net;

using Microsoft.Extensions.Options;

using OpenTelemetry.Metrics;

namespace Piazza.Server.Http;

/// <summary>
/// <c>GET /metrics</c> on the HTTP port: the Prometheus text format, from OpenTelemetry's metrics
/// pipeline (its ASP.NET Core exporter), with <see cref="ChatMetrics"/> and the runtime's
/// instruments. From loopback only unless <c>Http:MetricsFromAnyAddress</c>: others get 403.
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>The path, as Prometheus scrapes by default.</summary>
    public const string Path = "/metrics";

    /// <summary>Registers the metrics pipeline: Piazza's meter, the runtime's, and the Prometheus exporter.</summary>
    public static void AddChatMetrics(this IServiceCollection services)
    {
        services.AddSingleton<ChatMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ChatMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());

        // The SDK listens to meters by name, process-wide: a second server in the process (tests)
        // would export its figures here too. Ours are made by this container's IMeterFactory,
        // which is their Scope; any other "Piazza" meter's instruments are dropped.
        services.ConfigureOpenTelemetryMeterProvider((provider, builder) =>
        {
            var ours = provider.GetRequiredService<IMeterFactory>();
            builder.AddView(instrument => instrument.Meter.Name == ChatMetrics.MeterName && !ReferenceEquals(instrument.Meter.Scope, ours)
                ? MetricStreamConfiguration.Drop
                : null);
        });
    }

    /// <summary>Maps <see cref="Path"/>; <see cref="ChatMetrics"/> is made here, so its instruments exist before the first scrape.</summary>
    public static void MapMetrics(this WebApplication app)
    {
        app.Services.GetRequiredService<ChatMetrics>();
        var anyAddress = app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.MetricsFromAnyAddress;
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            if (!Allows(context.Connection.RemoteIpAddress, anyAddress))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("/metrics answers loopback only; set Http:MetricsFromAnyAddress=true to serve it to other addresses\n");
                return;
            }

            await next(context);
        }), optionsName: null);
    }

    /// <summary>Whether a scrape from <paramref name="remote"/> is answered: any address when allowed, else loopback only (an IPv4-mapped one too).</summary>
    public static bool Allows(IPAddress? remote, bool anyAddress)
    {
        if (anyAddress)
        {
            return true;
        }

        if (remote is null)
        {
            // Not a socket (an in-process test host): nobody from outside.
            return true;
        }

        return IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
    }
}
