using System.Net;

using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Piazza.Server.Hosting;

namespace Piazza.Server.Tests.Http;

/// <summary>Listen:Http: loopback port 8080 unless configured otherwise; empty or off turns it off.</summary>
[Trait("Category", "Slow")]
public sealed class ListenSettingsTests
{
    [Fact]
    public async Task By_default_the_server_binds_HTTP_to_loopback_8080_only()
    {
        // Built, not started: Kestrel's listen options are made, no socket is bound (8080 may be in use).
        await using var app = PiazzaApp.Build(["--History:Store=off", "--Logging:LogLevel:Default=Warning"]);
        var kestrel = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        var endpoints = app.Services.GetRequiredService<ChatEndpoints>();

        Assert.NotNull(kestrel);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8080), endpoints.Http);
        Assert.True(IPAddress.IsLoopback(endpoints.Chat.Address));
        Assert.True(IPAddress.IsLoopback(endpoints.Irc!.Address));
    }

    [Fact]
    public void The_class_default_is_loopback_8080_too()
    {
        var endPoint = ListenSettings.ParseOptionalEndPoint(new ListenSettings().Http, nameof(ListenSettings.Http));

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8080), endPoint);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("off")]
    [InlineData("Off")]
    public void Empty_or_off_means_no_listener(string? value) =>
        Assert.Null(ListenSettings.ParseOptionalEndPoint(value, nameof(ListenSettings.Http)));

    [Theory]
    [InlineData("127.0.0.1:0", "127.0.0.1:0")]
    [InlineData("localhost:8081", "127.0.0.1:8081")]
    [InlineData("0.0.0.0:8080", "0.0.0.0:8080")]
    [InlineData("[::1]:8080", "[::1]:8080")]
    public void An_endpoint_is_parsed(string value, string expected) =>
        Assert.Equal(IPEndPoint.Parse(expected), ListenSettings.ParseOptionalEndPoint(value, nameof(ListenSettings.Http)));

    [Fact]
    public void Anything_else_is_an_error_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ListenSettings.ParseOptionalEndPoint("8080", nameof(ListenSettings.Http)));

        Assert.Contains("Listen:Http '8080'", error.Message, StringComparison.Ordinal);
    }
}
