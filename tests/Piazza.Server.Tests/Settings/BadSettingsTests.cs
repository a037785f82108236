using Microsoft.AspNetCore.Builder;

using Piazza.Server.Hosting;
using Piazza.Testing;

namespace Piazza.Server.Tests.Settings;

/// <summary>
/// Every bad value and every unknown key stops the start with one line naming the key and the
/// accepted form, exit code 2 (here in-process, through the same description Program.cs prints;
/// StartupFailureTests runs the real process for a few of them).
/// </summary>
[Trait("Category", "Slow")]
public sealed class BadSettingsTests
{
    [Theory]
    [InlineData("Listen:Chat=nonsense", "Listen:Chat must be an address and port such as 127.0.0.1:54321, [::1]:54321 or 0.0.0.0:54321 (was 'nonsense')")]
    [InlineData("Listen:Chat=54321", "Listen:Chat must be an address and port")]
    [InlineData("Listen:Irc=127.0.0.1", "Listen:Irc must be an address and port such as 127.0.0.1:6667, [::1]:6667 or 0.0.0.0:6667, or off (was '127.0.0.1')")]
    [InlineData("Listen:Http=localhost:99999", "Listen:Http must be an address and port")]
    [InlineData("Listen:SendBufferBytes=-1", "Listen:SendBufferBytes must be 0 or more (was -1)")]
    [InlineData("Listen:Transport=libuv", "Listen:Transport must be piazza or kestrel (was 'libuv')")]
    [InlineData("Listen:ReservedFileDescriptors=-1", "Listen:ReservedFileDescriptors must be from 0 to 65536 (was -1)")]
    [InlineData("Listen:ReservedFileDescriptors=65537", "Listen:ReservedFileDescriptors must be from 0 to 65536 (was 65537)")]
    [InlineData("Chat:MaxLineBytes=abc", "Chat:MaxLineBytes must be a whole number (at most 2147483647) (was 'abc')")]
    [InlineData("Chat:MaxLineBytes=99999999999", "Chat:MaxLineBytes must be a whole number (at most 2147483647) (was '99999999999')")]
    [InlineData("Chat:MaxLineBytes=-5", "Chat:MaxLineBytes must be positive (was -5)")]
    [InlineData("Chat:MaxConnections=0", "Chat:MaxConnections must be positive (was 0)")]
    [InlineData("Chat:MemoryTrimConnections=-1", "Chat:MemoryTrimConnections must be 0 (off) or more (was -1)")]
    [InlineData("Chat:DefaultRoom=bad room", "Chat:DefaultRoom must be a room name: ")]
    [InlineData("Chat:PermanentRooms:0=bad room", "Chat:PermanentRooms:0 must be a room name: ")]
    [InlineData("Chat:RoomModes=ntx", "Chat:RoomModes must be mode letters from tnmi, or empty (was 'ntx')")]
    [InlineData("History:Store=bogus", "History:Store must be sqlite, postgresql, memory or off (was 'bogus')")]
    [InlineData("History:ReplayOnJoin=-1", "History:ReplayOnJoin must be from 0 to 10000 (was -1)")]
    [InlineData("History:MaxQuery=-1", "History:MaxQuery must be from 1 to 10000 (was -1)")]
    [InlineData("History:MaxQuery=0", "History:MaxQuery must be from 1 to 10000 (was 0)")]
    [InlineData("History:MaxQuery=10001", "History:MaxQuery must be from 1 to 10000 (was 10001)")]
    [InlineData("History:RetentionDays=99999999", "History:RetentionDays must be from 0 to 36500 (was 99999999)")]
    [InlineData("History:MaxMessagesPerRoom=-1", "History:MaxMessagesPerRoom must be 0 or more (was -1)")]
    [InlineData("History:CommitIntervalMilliseconds=0", "History:CommitIntervalMilliseconds must be from 1 to 60000 (was 0)")]
    [InlineData("Irc:RegistrationTimeoutSeconds=0", "Irc:RegistrationTimeoutSeconds must be from 1 to 86400 (was 0)")]
    [InlineData("Irc:PingIntervalSeconds=5000000", "Irc:PingIntervalSeconds must be from 1 to 86400 (was 5000000)")]
    [InlineData("Irc:DetectTimeoutMilliseconds=-1", "Irc:DetectTimeoutMilliseconds must be from 1 to 60000 (was -1)")]
    [InlineData("Irc:PingIntervalSeconds=1.5", "Irc:PingIntervalSeconds must be a whole number (at most 2147483647) (was '1.5')")]
    [InlineData("Irc:ServerDescription=", "Irc:ServerDescription must be 1 to 100 characters on one line (was '')")]
    [InlineData("Chat:MaxWhoWasEntries=-1", "Chat:MaxWhoWasEntries must be 0 to 1000000 (was -1)")]
    [InlineData("Irc:ServerName=two words", "Irc:ServerName must be one word, such as irc.example.org (was 'two words')")]
    [InlineData("Irc:Motd=one line", "Irc:Motd is a list: give its entries as Irc:Motd:0, Irc:Motd:1, … (was 'one line')")]
    [InlineData("Irc:Motd:first=x", "Irc:Motd:first is not a setting: Irc:Motd is a list, its keys are Irc:Motd:0, Irc:Motd:1, …")]
    [InlineData("Listen:Caht=127.0.0.1:1", "Listen:Caht is not a setting: Listen has Chat, Irc, Tls, Http, SendBufferBytes, Transport, ReservedFileDescriptors")]
    [InlineData("Chat:MaxLineBytes:Extra=1", "Chat:MaxLineBytes:Extra is not a setting: Chat:MaxLineBytes takes a value, not keys below it")]
    [InlineData("Chat=5", "Chat is a section: set its keys (")]
    [InlineData("Chta:X=1", "Chta:X is not a setting: the sections are Accounts, Chat, Cluster, Data, Flood, History, Http, Irc, Limits, Listen, Operators, Rooms, Tls")]
    [InlineData("urls=http://0.0.0.0:80", "urls is not a setting: the sections are ")]
    [InlineData("Http:AllowedOrigins:0=chat.example.org", "Http:AllowedOrigins:0 must be an origin such as https://chat.example.org or http://localhost:5173 (scheme://host[:port], no path), or * for any (was \"chat.example.org\")")]
    [InlineData("Http:AllowedOrigins:0=https://chat.example.org/app", "Http:AllowedOrigins:0 must be an origin such as https://chat.example.org")]
    [InlineData("Http:AllowedOrigins=https://chat.example.org", "Http:AllowedOrigins is a list: give its entries as Http:AllowedOrigins:0, Http:AllowedOrigins:1, …")]
    [InlineData("Http:Nodes:0=127.0.0.1:8081", "Http:Nodes:0 must be a node's web address such as http://127.0.0.1:8081 or https://node2.chat.example.org (http or https://host[:port], no path) (was \"127.0.0.1:8081\")")]
    [InlineData("Http:Nodes:0=ws://127.0.0.1:8082", "Http:Nodes:0 must be a node's web address such as http://127.0.0.1:8081")]
    [InlineData("Http:Nodes:0=http://127.0.0.1:8081/ws", "Http:Nodes:0 must be a node's web address such as http://127.0.0.1:8081")]
    [InlineData("Http:Nodes:0=*", "Http:Nodes:0 must be a node's web address such as http://127.0.0.1:8081")]
    [InlineData("Http:Nodes:0=http://node;one:8081", "Http:Nodes:0 must be a node's web address such as http://127.0.0.1:8081")]
    [InlineData("Http:Nodes=http://127.0.0.1:8081", "Http:Nodes is a list: give its entries as Http:Nodes:0, Http:Nodes:1, …")]
    [InlineData("Http:WebSocketCloseTimeoutSeconds=0", "Http:WebSocketCloseTimeoutSeconds must be from 1 to 3600 (was 0)")]
    [InlineData("Http:WebSocketCloseTimeoutSeconds=3601", "Http:WebSocketCloseTimeoutSeconds must be from 1 to 3600 (was 3601)")]
    [InlineData("Http:WebSocketCloseTimeoutSeconds=soon", "Http:WebSocketCloseTimeoutSeconds must be a whole number")]
    public async Task A_bad_setting_is_one_line_naming_it_with_exit_code_2(string setting, string expected)
    {
        var failure = await StartFailureAsync("--" + setting);

        Assert.Equal(2, failure.ExitCode);
        Assert.StartsWith(expected, failure.Line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Line);
    }

    [Theory]
    [InlineData("History:Postgres=", "History:Postgres must be a PostgreSQL connection string when History:Store is postgresql, such as Host=localhost;Database=piazza;Username=piazza;Password=...")]
    [InlineData("History:Postgres=Host=db;Pasword=hunter2-secret", "History:Postgres is not a PostgreSQL connection string (Key=Value pairs separated by ';', with keywords Npgsql knows)")]
    [InlineData("History:Postgres=Database=piazza;Password=hunter2-secret", "History:Postgres names no Host")]
    public async Task A_bad_postgres_connection_string_is_named_without_quoting_it(string setting, string expected)
    {
        var failure = await StartFailureAsync("--History:Store=postgresql", "--" + setting);

        Assert.Equal(2, failure.ExitCode);
        Assert.StartsWith(expected, failure.Line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.Line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--History:Store=sqlite", "Cluster:Enabled needs History:Store=postgresql, the database the nodes share (was History:Store=sqlite)")]
    [InlineData("--Cluster:Redis=", "Cluster:Redis must name the Redis that holds the cluster's membership, such as 127.0.0.1:6379")]
    [InlineData("--Cluster:Redis=127.0.0.1:6379,bogusoption=1", "Cluster:Redis is not a Redis configuration (")]
    [InlineData("--Cluster:Silo=0.0.0.0:11111", "Cluster:Silo must be the ip:port this node listens on for the others, such as 127.0.0.1:11111 (not a wildcard address: the others connect to it) (was '0.0.0.0:11111')")]
    [InlineData("--Cluster:Silo=node1", "Cluster:Silo must be the ip:port this node listens on for the others")]
    [InlineData("--Cluster:Id=two words", "Cluster:Id must be a name without spaces, such as piazza (was 'two words')")]
    [InlineData("--Cluster:FailureDetectionSeconds=1", "Cluster:FailureDetectionSeconds must be from 2 to 600 (was 1)")]
    public async Task A_bad_cluster_setting_is_named_before_anything_of_the_cluster_starts(string setting, string expected)
    {
        // Valid but unreachable: nothing connects to this Redis or database, as the start ends first.
        var failure = await StartFailureAsync(
            "--Cluster:Enabled=true",
            "--Cluster:Redis=127.0.0.1:1",
            "--History:Store=postgresql",
            "--History:Postgres=Host=127.0.0.1;Port=1;Database=piazza",
            setting);

        Assert.Equal(2, failure.ExitCode);
        Assert.StartsWith(expected, failure.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_settings_are_not_checked_while_the_cluster_is_off()
    {
        await using var server = await TestServer.StartAsync("Cluster:Silo=nonsense", "Cluster:Redis=");

        Assert.Null(server.Hub.Cluster);
    }

    [Fact]
    public async Task Two_bad_settings_are_both_named_on_the_one_line()
    {
        var failure = await StartFailureAsync("--Chat:MaxNickLength=0", "--Irc:PingTimeoutSeconds=-3");

        Assert.Equal(2, failure.ExitCode);
        Assert.Contains("Chat:MaxNickLength must be positive (was 0)", failure.Line, StringComparison.Ordinal);
        Assert.Contains("Irc:PingTimeoutSeconds must be from 1 to 86400 (was -3)", failure.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requiring_accounts_for_nicks_without_a_grace_to_log_in_is_explained()
    {
        var failure = await StartFailureAsync("--Accounts:RequireForNicks=true", "--Accounts:NickGraceSeconds=0");

        Assert.Equal(2, failure.ExitCode);
        Assert.Equal("Accounts:RequireForNicks needs Accounts:NickGraceSeconds above 0: it is the time a client has to log in before losing a nick it chose", failure.Line);
    }

    [Fact]
    public async Task Keys_are_matched_as_configuration_matches_them_and_lists_logging_and_environment_are_accepted()
    {
        await using var server = await TestServer.StartAsync(
            "chat:maxlinebytes=4096",
            "Irc:Motd:0=first line",
            "Irc:Motd:1=second line",
            "Logging:LogLevel:Piazza=Warning",
            "Logging:Console:FormatterName=simple",
            "environment=Production");

        Assert.Equal(4096, server.Hub.Options.MaxLineBytes);
    }

    /// <summary>The ends of every range are settings the server starts with.</summary>
    [Fact]
    public async Task The_ends_of_each_range_are_accepted()
    {
        await using (await TestServer.StartAsync(
            "History:MaxQuery=10000", "History:ReplayOnJoin=10000", "History:RetentionDays=36500", "History:CommitIntervalMilliseconds=60000",
            "Irc:RegistrationTimeoutSeconds=86400", "Irc:PingIntervalSeconds=86400", "Irc:PingTimeoutSeconds=86400", "Irc:DetectTimeoutMilliseconds=60000"))
        {
        }

        await using (await TestServer.StartAsync(
            "History:MaxQuery=1", "History:ReplayOnJoin=0", "History:RetentionDays=0", "History:CommitIntervalMilliseconds=1",
            "Irc:RegistrationTimeoutSeconds=1", "Irc:PingIntervalSeconds=1", "Irc:PingTimeoutSeconds=1", "Irc:DetectTimeoutMilliseconds=1"))
        {
        }
    }

    /// <summary>Builds and starts the server with these arguments; it must fail, as Program.cs describes it.</summary>
    internal static async Task<StartupFailure> StartFailureAsync(params string[] settings)
    {
        string[] args =
        [
            "--Listen:Chat=127.0.0.1:0",
            "--Listen:Irc=127.0.0.1:0",
            "--Listen:Http=127.0.0.1:0",
            "--History:Store=memory",
            "--Logging:LogLevel:Default=None",
            .. settings,
        ];
        WebApplication? app = null;
        try
        {
            app = PiazzaApp.Build(args);
            await app.StartAsync().WaitAsync(TestServer.Timeout);
        }
        catch (Exception ex)
        {
            return StartupFailure.Describe(ex) ?? throw new InvalidOperationException("a failure without a one-line description", ex);
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }

        throw new InvalidOperationException("the server started with " + string.Join(' ', settings));
    }
}
