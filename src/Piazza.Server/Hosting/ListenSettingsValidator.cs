using System.Net;

using Microsoft.Extensions.Options;

using Piazza.Server.Settings;

namespace Piazza.Server.Hosting;

/// <summary>Checks <c>Listen:*</c> at startup: addresses that parse, and no port given to two listeners
/// (<c>Listen:Tls</c> too, though it listens only with a certificate: a port kept for it stays free).</summary>
internal sealed class ListenSettingsValidator : IValidateOptions<ListenSettings>
{
    public ValidateOptionsResult Validate(string? name, ListenSettings options)
    {
        var problems = new SettingProblems(ListenSettings.Section);
        var chat = Endpoint(problems, options.Chat, nameof(ListenSettings.Chat), "127.0.0.1:54321", optional: false);
        var irc = Endpoint(problems, options.Irc, nameof(ListenSettings.Irc), "127.0.0.1:6667", optional: true);
        var http = Endpoint(problems, options.Http, nameof(ListenSettings.Http), "127.0.0.1:8080", optional: true);
        var tls = Endpoint(problems, options.Tls, nameof(ListenSettings.Tls), "127.0.0.1:6697", optional: true);
        Distinct(problems, nameof(ListenSettings.Irc), irc, nameof(ListenSettings.Chat), chat);
        Distinct(problems, nameof(ListenSettings.Http), http, nameof(ListenSettings.Chat), chat);
        Distinct(problems, nameof(ListenSettings.Http), http, nameof(ListenSettings.Irc), irc);
        Distinct(problems, nameof(ListenSettings.Tls), tls, nameof(ListenSettings.Chat), chat);
        Distinct(problems, nameof(ListenSettings.Tls), tls, nameof(ListenSettings.Irc), irc);
        Distinct(problems, nameof(ListenSettings.Tls), tls, nameof(ListenSettings.Http), http);
        problems.NotNegative(options.SendBufferBytes, nameof(ListenSettings.SendBufferBytes));
        problems.InRange(options.ReservedFileDescriptors, nameof(ListenSettings.ReservedFileDescriptors), 0, ListenSettings.MaxReservedFileDescriptors);
        var transport = options.Transport?.Trim();
        if (!string.Equals(transport, ListenSettings.PiazzaTransport, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(transport, ListenSettings.KestrelTransport, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(nameof(ListenSettings.Transport), $"must be {ListenSettings.PiazzaTransport} or {ListenSettings.KestrelTransport} (was '{options.Transport}')");
        }
        return problems.ToResult();
    }

    private static IPEndPoint? Endpoint(SettingProblems problems, string? value, string key, string example, bool optional)
    {
        if (optional && ListenSettings.IsOff(value))
        {
            return null;
        }

        if (ListenSettings.TryParseEndPoint(value, out var endPoint))
        {
            return endPoint;
        }

        var off = optional ? ", or off" : string.Empty;
        problems.Add(key, $"must be an address and port such as {example}, [::1]:{example.Split(':')[1]} or 0.0.0.0:{example.Split(':')[1]}{off} (was '{value}')");
        return null;
    }

    /// <summary>Two listeners cannot share a port (port 0 picks a free one for each, so it may repeat).</summary>
    private static void Distinct(SettingProblems problems, string key, IPEndPoint? endPoint, string otherKey, IPEndPoint? other)
    {
        if (endPoint is not null && endPoint.Port != 0 && endPoint.Equals(other))
        {
            problems.Add(key, $"must differ from {ListenSettings.Section}:{otherKey} (both are {endPoint})");
        }
    }
}
