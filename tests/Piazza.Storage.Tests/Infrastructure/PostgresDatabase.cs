using Piazza.Testing;

namespace Piazza.Storage.Tests.Infrastructure;

/// <summary>A fresh database on the tests' shared PostgreSQL (<see cref="PostgresServer"/>), for one test; dropped on dispose.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private PostgresDatabase(PostgresServer server, string name)
    {
        Server = server;
        Name = name;
    }

    public PostgresServer Server { get; }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>A connection string to it (the password, when given, is accepted and ignored: trust authentication).</summary>
    public string ConnectionString(string? password = null) => Server.ConnectionString(Name, password);

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(TestTimeouts.Process);
        return new PostgresDatabase(server, await server.CreateDatabaseAsync().WaitAsync(TestTimeouts.Operation));
    }

    public async ValueTask DisposeAsync() => await Server.DropDatabaseAsync(Name).WaitAsync(TestTimeouts.Operation);
}
