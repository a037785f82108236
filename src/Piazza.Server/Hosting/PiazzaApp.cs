using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Line;
using Piazza.Server.Accounts;
using Piazza.Server.Cluster;
using Piazza.Server.Flood;
using Piazza.Server.History;
using Piazza.Server.Http;
using Piazza.Server.Irc;
using Piazza.Server.Limits;
using Piazza.Server.Operators;
using Piazza.Server.Rooms;
using Piazza.Server.Sessions;
using Piazza.Server.Settings;
using Piazza.Server.Tls;
using Piazza.Server.Transport;
using Piazza.Server.WebSockets;

namespace Piazza.Server.Hosting;

/// <summary>
/// The composition root: configuration, the chat core, the Kestrel listeners and shutdown.
/// Program.cs and the in-process tests both build the server here.
/// </summary>
public static class PiazzaApp
{
    /// <summary>
    /// Unused: the HTTP port takes TLS when offered and plain HTTP otherwise, so nothing is refused
    /// for not being TLS; <see cref="TlsListenOptionsExtensions.UseTlsWhenOffered"/> asks for a line all the same.
    /// </summary>
    private static readonly byte[] HttpNotTls = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"u8.ToArray();

    /// <summary>
    /// Builds the server. Configuration, highest precedence last: appsettings.json beside the
    /// executable, environment variables <c>PIAZZA__Section__Key</c>, command-line
    /// <c>--Section:Key=value</c>. An unknown key or a value that does not convert throws
    /// <see cref="SettingsException"/> here; the options validators run when the host starts
    /// (<see cref="OptionsValidationException"/>). Program.cs turns both into one line and exit code 2.
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="configureServices">Runs last on the services (tests replace the <see cref="TimeProvider"/> or add a logger provider).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        WireFormats.ClaimSlots();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddEnvironmentVariables(prefix: SettingsCheck.EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args);
        var config = builder.Configuration;
        var services = builder.Services;

        // Settings: one section per options class, each with its validator, checked before anything
        // starts (SettingsRegistration). Operators is a list section, bound into its accounts.
        services.AddSettings<ListenSettings, ListenSettingsValidator>(config.GetSection(ListenSettings.Section));
        services.AddSettings<DataOptions, DataOptionsValidator>(config.GetSection(DataOptions.Section));
        services.AddSettings<ChatOptions, ChatOptionsValidator>(config.GetSection(ChatOptions.Section));
        services.AddSettings<IrcOptions, IrcOptionsValidator>(config.GetSection(IrcOptions.Section));
        services.AddSettings<HistoryOptions, HistoryOptionsValidator>(config.GetSection(HistoryOptions.Section));
        services.AddSettings<FloodOptions, FloodOptionsValidator>(config.GetSection(FloodOptions.Section));
        services.AddSettings<AccountOptions, AccountOptionsValidator>(config.GetSection(AccountOptions.Section));
        services.AddSettings<TlsOptions, TlsOptionsValidator>(config.GetSection(TlsOptions.Section));
        services.AddSettings<RoomOptions, RoomOptionsValidator>(config.GetSection(RoomOptions.Section));
        services.AddSettings<HttpOptions, HttpOptionsValidator>(config.GetSection(HttpOptions.Section));
        services.AddSettings<ClusterSettings, ClusterSettingsValidator>(config.GetSection(ClusterSettings.Section));
        LimitsOptions.Register(services, config);
        services.AddOperatorOptions(config);

        // The one clock: sessions, timeouts, flood control, limits and bans all take it from here
        // (tests replace it with a fake one through configureServices).
        services.AddSingleton(TimeProvider.System);
        // The chat opens asynchronously once every port is bound (ChatStartup, from ChatLifetime);
        // ChatHub itself resolves only after that (tests, the health endpoint once started).
        services.AddSingleton(sp => new HistoryStoreOpener(cancellationToken => HistoryStoreFactory.OpenAsync(
            sp.GetRequiredService<IOptions<HistoryOptions>>().Value,
            sp.GetRequiredService<IOptions<DataOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            cancellationToken)));
        services.AddSingleton<ChatStartup>();
        services.AddSingleton(sp => sp.GetRequiredService<ChatStartup>().Hub
            ?? throw new InvalidOperationException("The chat is not open yet: it opens when the host has bound its listeners."));
        services.AddSingleton<FloodControl>();
        services.AddSingleton<IrcCommandCounts>();
        services.AddSingleton<AccountAuthenticator>();
        services.AddSingleton<PerIpLimiter>();

        services.AddSingleton<ConnectionCounter>();
        services.AddSingleton<OriginPolicy>();
        services.AddSingleton<WebClientNodes>();
        services.AddSingleton<IrcWebSocketHandler>();
        services.AddSingleton<ChatEndpoints>();
        // TLS (off without Tls:Certificate): the certificate handshakes read, its reload, and sts.
        services.AddSingleton<TlsCertificateHolder>();
        services.AddHostedService<TlsCertificateReloader>();
        services.AddSingleton<StsPolicy>();
        services.AddHostedService<ChatLifetime>();
        services.AddHostedService<HistoryRetention>();
        services.AddSingleton(sp => MemoryTrimmer.Create(sp, TimeProvider.System));
        services.AddHostedService(sp => sp.GetRequiredService<MemoryTrimmer>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        builder.WebHost.UseSockets();

        // Both registered after Kestrel's socket transport, so Kestrel asks them first (and never
        // it). Ours takes only the chat and IRC ports' endpoints, and only when they are marked for
        // it (Listen:Transport); the other wraps Kestrel's socket transport for every other
        // listener (HTTP, TLS; the chat ports with Listen:Transport=kestrel). Both keep the
        // descriptor reserve (Listen:ReservedFileDescriptors), and wait between tries on the wall
        // clock, not the chat's TimeProvider (which tests make fake).
        services.AddSingleton(sp => new DescriptorReserve(sp.GetRequiredService<IOptions<ListenSettings>>().Value.ReservedFileDescriptors, new ProcessDescriptors()));
        services.AddSingleton<IConnectionListenerFactory>(sp => new ChatSocketTransportFactory(
            sp.GetRequiredService<IOptions<ListenSettings>>(), sp.GetRequiredService<DescriptorReserve>(), sp.GetRequiredService<ILoggerFactory>(), TimeProvider.System));
        services.AddSingleton<IConnectionListenerFactory>(sp => new ReservedSocketTransportFactory(
            sp.GetRequiredService<IOptions<SocketTransportOptions>>(), sp.GetRequiredService<DescriptorReserve>(), sp.GetRequiredService<ILoggerFactory>(), TimeProvider.System));
        services.AddOptions<SocketTransportOptions>()
            .Configure<IOptions<ListenSettings>>((sockets, listen) => ListenSocketFactory.Configure(sockets, listen.Value));
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var listen = kestrel.ApplicationServices.GetRequiredService<IOptions<ListenSettings>>().Value;
            var endpoints = kestrel.ApplicationServices.GetRequiredService<ChatEndpoints>();
            // Read from the configuration, not the options: these run before the settings are validated.
            var tlsOn = TlsOptions.IsConfigured(context.Configuration);
            var ownTransport = ListenTransport.IsOwn(context.Configuration);
            kestrel.Listen(ListenTransport.Mark(listen.ChatEndPoint, ownTransport), listener =>
            {
                // Limits first: an address over its limit is refused before it costs a handshake.
                listener.UsePerIpLimits(LineWriter.Error);
                if (tlsOn)
                {
                    listener.UseTlsWhenOffered(LineWriter.Error);
                }

                listener.UseConnectionHandler<ChatPortHandler>();
                endpoints.ChatListener = listener;
            });
            if (listen.IrcEndPoint is { } irc)
            {
                kestrel.Listen(ListenTransport.Mark(irc, ownTransport), listener =>
                {
                    listener.UsePerIpLimits(IrcPortHandler.RefusalLine);
                    listener.UseConnectionHandler<IrcPortHandler>();
                    endpoints.IrcListener = listener;
                });
            }

            if (tlsOn && listen.TlsEndPoint is { } secure)
            {
                // IRC over TLS: the IRC port's session behind Kestrel's TLS.
                kestrel.Listen(secure, listener =>
                {
                    listener.UsePerIpLimits(IrcPortHandler.RefusalLine);
                    listener.UseTls(IrcPortHandler.RefusalLine);
                    listener.UseConnectionHandler<IrcPortHandler>();
                    endpoints.TlsListener = listener;
                });
            }

            if (listen.HttpEndPoint is { } http)
            {
                // No connection handler: Kestrel's HTTP server, routed to the endpoints mapped below.
                // HTTP/1.1 only: without TLS there is no HTTP/2 negotiation, and WebSockets upgrade from 1.1.
                // Marked: it keeps only half the descriptor reserve (ReservedSocketTransportFactory).
                kestrel.Listen(HttpListenEndPoint.From(http), listener =>
                {
                    listener.Protocols = HttpProtocols.Http1;
                    if (tlsOn)
                    {
                        // https:// and wss:// on the same port as http:// and ws://, told apart by the
                        // first byte as on the chat port; the certificate and its reloads are the chat's.
                        listener.UseTlsWhenOffered(_ => HttpNotTls);
                    }

                    endpoints.HttpListener = listener;
                });
            }
        });

        services.AddChatMetrics();

        // A cluster node (Cluster:Enabled): an Orleans silo in this host, linked to the hub once it opens.
        ClusterStart.AddIfEnabled(builder);
        configureServices?.Invoke(services);
        SettingsCheck.ThrowIfInvalid(builder.Configuration, services);

        var app = builder.Build();
        app.MapHealth();
        app.MapMetrics();
        app.MapIrcWebSocket();
        app.MapWebClient();
        return app;
    }
}
