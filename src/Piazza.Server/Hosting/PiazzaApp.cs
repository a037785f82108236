using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Core.History;
using Piazza.Server.History;
using Piazza.Server.Http;
using Piazza.Server.Irc;
using Piazza.Server.Operators;
using Piazza.Server.Sessions;

namespace Piazza.Server.Hosting;

/// <summary>
/// The composition root: configuration, the chat core, the Kestrel listeners and shutdown.
/// Program.cs and the in-process tests both build the server here.
/// </summary>
public static class PiazzaApp
{
    /// <summary>
    /// Builds the server. Configuration, highest precedence last: appsettings.json beside the
    /// executable, environment variables <c>PIAZZA__Section__Key</c>, command-line
    /// <c>--Section:Key=value</c>.
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddEnvironmentVariables(prefix: "PIAZZA__");
        builder.Configuration.AddCommandLine(args);

        var listen = builder.Configuration.GetSection(ListenSettings.Section).Get<ListenSettings>() ?? new ListenSettings();
        var chatEndPoint = ListenSettings.ParseEndPoint(listen.Chat, nameof(ListenSettings.Chat));
        var ircEndPoint = ListenSettings.ParseOptionalEndPoint(listen.Irc, nameof(ListenSettings.Irc));
        var httpEndPoint = ListenSettings.ParseOptionalEndPoint(listen.Http, nameof(ListenSettings.Http));

        builder.Services.AddOptions<ChatOptions>().Bind(builder.Configuration.GetSection(ChatOptions.Section));
        builder.Services.AddOptions<IrcOptions>().Bind(builder.Configuration.GetSection(IrcOptions.Section))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOperatorOptions(builder.Configuration);
        builder.Services.AddOptions<HistoryOptions>().Bind(builder.Configuration.GetSection(HistoryOptions.Section));
        builder.Services.AddSingleton(sp => new HistoryStoreHolder(HistoryStoreFactory.Open(
            sp.GetRequiredService<IOptions<HistoryOptions>>().Value, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>())));
        builder.Services.AddSingleton(sp => ServerBanListFactory.Open(
            sp.GetRequiredService<HistoryStoreHolder>().Store, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new ChatHub(
            sp.GetRequiredService<IOptions<ChatOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<HistoryStoreHolder>().Store,
            sp.GetRequiredService<ServerBanList>()));
        builder.Services.AddHostedService<HistoryRetention>();
        builder.Services.AddSingleton<ConnectionCounter>();
        builder.Services.AddSingleton<ChatEndpoints>();
        builder.Services.AddHostedService<ChatLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = endPoint =>
        {
            // Accepted sockets inherit the listener's buffer sizes (tcp(7)), so set it here.
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
            if (listen.SendBufferBytes > 0)
            {
                socket.SendBufferSize = listen.SendBufferBytes;
            }

            return socket;
        });
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var endpoints = kestrel.ApplicationServices.GetRequiredService<ChatEndpoints>();
            kestrel.Listen(chatEndPoint, listener =>
            {
                listener.UseConnectionHandler<ChatPortHandler>();
                endpoints.ChatListener = listener;
            });
            if (ircEndPoint is not null)
            {
                kestrel.Listen(ircEndPoint, listener =>
                {
                    listener.UseConnectionHandler<IrcPortHandler>();
                    endpoints.IrcListener = listener;
                });
            }

            if (httpEndPoint is not null)
            {
                // No connection handler: Kestrel's HTTP server, routed to the endpoints mapped below.
                // HTTP/1.1 only: without TLS there is no HTTP/2 negotiation, and WebSockets upgrade from 1.1.
                kestrel.Listen(httpEndPoint, listener =>
                {
                    listener.Protocols = HttpProtocols.Http1;
                    endpoints.HttpListener = listener;
                });
            }
        });

        var app = builder.Build();
        app.MapHealth();
        return app;
    }
}
