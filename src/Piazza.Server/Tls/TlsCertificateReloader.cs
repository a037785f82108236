using System.Runtime.InteropServices;

using Microsoft.Extensions.Options;

namespace Piazza.Server.Tls;

/// <summary>
/// Reloads the certificate (<see cref="TlsCertificateHolder.Reload"/>) when its files change on
/// disk or the process gets SIGHUP, so a renewed certificate (certbot, a copy) is used by new
/// connections without a restart.
/// </summary>
/// <remarks>
/// A renewal writes the certificate and the key one after the other, each perhaps in several
/// writes, so a change is not acted on at once: every change (re)starts a one-shot timer of
/// <see cref="Debounce"/> on the injected <see cref="TimeProvider"/>, and the reload runs when
/// the files have been quiet that long. The folders are watched, not the files, so a file
/// replaced by a rename (an editor, an atomic copy, a symlink swap) is seen too. Threads: the
/// watcher's and the signal's callbacks only re-arm the timer; the reload runs on the timer's
/// thread-pool thread.
/// </remarks>
internal sealed partial class TlsCertificateReloader(TlsCertificateHolder holder, IOptions<TlsOptions> options, TimeProvider time, ILogger<TlsCertificateReloader> logger) : IHostedService, IDisposable
{
    /// <summary>How long the files must be quiet before a change is reloaded.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private readonly List<FileSystemWatcher> _watchers = [];
    private ITimer? _timer;
    private PosixSignalRegistration? _hangUp;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!holder.IsOn)
        {
            return Task.CompletedTask;
        }

        // Loaded now (the settings are validated by this point), so the log says which at start.
        _ = holder.Current;

        _timer = time.CreateTimer(_ => holder.Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var files = TlsCertificateLoader.Files(options.Value);
        foreach (var folder in files.GroupBy(f => Path.GetDirectoryName(f)!))
        {
            var names = folder.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            var watcher = new FileSystemWatcher(folder.Key)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            FileSystemEventHandler changed = (_, e) => OnChanged(names, e.Name);
            watcher.Changed += changed;
            watcher.Created += changed;
            watcher.Renamed += (_, e) => OnChanged(names, e.Name);
            try
            {
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (IOException ex)
            {
                // Linux's inotify limits (fs.inotify.max_user_instances) can refuse a watch: the
                // server runs on, reloading on SIGHUP only.
                watcher.Dispose();
                LogNotWatched(logger, folder.Key, ex.Message);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            // SIGHUP would otherwise end the process; here it means "read the certificate again".
            _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                LogHangUp(logger);
                Schedule();
            });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _hangUp?.Dispose();
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _watchers.Clear();
        _timer?.Dispose();
    }

    private void OnChanged(HashSet<string?> names, string? name)
    {
        if (names.Contains(name))
        {
            Schedule();
        }
    }

    private void Schedule() => _timer?.Change(Debounce, Timeout.InfiniteTimeSpan);

    [LoggerMessage(EventId = 155, EventName = "TlsFilesNotWatched", Level = LogLevel.Warning, Message = "TLS certificate files in {Folder} are not watched ({Reason}): a renewal is read on SIGHUP only")]
    private static partial void LogNotWatched(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 154, EventName = "TlsReloadOnHangUp", Level = LogLevel.Information, Message = "SIGHUP: reading the TLS certificate again")]
    private static partial void LogHangUp(ILogger logger);
}
