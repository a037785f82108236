using Npgsql;

namespace Piazza.Storage.Postgres;

/// <summary>
/// How the store names its database in logs, health and errors: <c>host:port/database</c>, never
/// the connection string (it may hold a password).
/// </summary>
public static class PostgresTarget
{
    /// <summary>The host, port and database of <paramref name="connectionString"/>; "PostgreSQL" when it cannot be read.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"postgresql://{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL";
        }
    }
}
