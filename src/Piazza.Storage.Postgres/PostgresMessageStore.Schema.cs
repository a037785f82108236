using Microsoft.Extensions.Logging;

using Npgsql;

namespace Piazza.Storage.Postgres;

/// <summary>Opening the database: Piazza's schema made or brought up to date, a newer one refused.</summary>
public sealed partial class PostgresMessageStore
{
    /// <summary>
    /// In one transaction, under an advisory lock (two servers opening the database at once take
    /// turns): creates the version table when missing, reads the version, and runs the migrations
    /// it lacks. A version above this code's is refused and nothing is changed.
    /// </summary>
    private static async Task MigrateAsync(NpgsqlDataSource database, string target, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock)", connection, transaction))
            {
                lockCommand.Parameters.AddWithValue("lock", PostgresSchema.MigrationLock);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var bootstrap = new NpgsqlCommand(PostgresSchema.Bootstrap, connection, transaction))
            {
                await bootstrap.ExecuteNonQueryAsync(cancellationToken);
            }

            int version;
            await using (var read = new NpgsqlCommand("SELECT max(version) FROM piazza.schema_version", connection, transaction))
            {
                version = await read.ExecuteScalarAsync(cancellationToken) is int stored ? stored : 0;
            }

            if (version > PostgresSchema.CurrentVersion)
            {
                throw new PostgresStoreException(target, $"its schema is version {version}, from a newer Piazza (this one knows up to {PostgresSchema.CurrentVersion}); it is left as it is", null);
            }

            for (var next = version; next < PostgresSchema.CurrentVersion; next++)
            {
                await using var migrate = new NpgsqlCommand(PostgresSchema.Migrations[next], connection, transaction);
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }

            if (version < PostgresSchema.CurrentVersion)
            {
                await using var record = new NpgsqlCommand("DELETE FROM piazza.schema_version; INSERT INTO piazza.schema_version (version) VALUES (@version)", connection, transaction);
                record.Parameters.AddWithValue("version", PostgresSchema.CurrentVersion);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            if (version < PostgresSchema.CurrentVersion)
            {
                LogMigrated(logger, target, version, PostgresSchema.CurrentVersion);
            }

            LogOpened(logger, target, PostgresSchema.CurrentVersion);
        }
        catch (NpgsqlException ex)
        {
            throw new PostgresStoreException(target, $"cannot open it: {DescribeError(ex)}", ex);
        }
    }
}
