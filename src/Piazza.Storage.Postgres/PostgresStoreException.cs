namespace Piazza.Storage.Postgres;

/// <summary>
/// The PostgreSQL store cannot use its database: unreachable, refused the login, holds a schema
/// from a newer Piazza, or a read or delete failed. The message names the database by host and
/// name only (<see cref="PostgresTarget"/>), never by its connection string.
/// </summary>
public sealed class PostgresStoreException : Exception
{
    /// <summary>Creates the exception without a database (for serializers and tests).</summary>
    public PostgresStoreException()
    {
        Target = string.Empty;
    }

    /// <summary>Creates the exception without a database (for serializers and tests).</summary>
    public PostgresStoreException(string message)
        : base(message)
    {
        Target = string.Empty;
    }

    /// <summary>Creates the exception without a database (for serializers and tests).</summary>
    public PostgresStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        Target = string.Empty;
    }

    /// <summary>Creates the exception for <paramref name="target"/>; the message starts with it.</summary>
    public PostgresStoreException(string target, string problem, Exception? innerException)
        : base($"History database {target}: {problem}", innerException)
    {
        Target = target;
    }

    /// <summary>The database, as <see cref="PostgresTarget.Describe"/> names it.</summary>
    public string Target { get; }
}
