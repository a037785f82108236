namespace Piazza.Storage.Postgres;

/// <summary>
/// Piazza's tables in PostgreSQL, version by version, all in their own schema <c>piazza</c> (so the
/// database can be shared, with a cluster's tables for instance). The version is the one row of
/// <c>piazza.schema_version</c>. A change to the layout is a new entry at the end of
/// <see cref="Migrations"/>, never an edit of an old one (once released).
/// </summary>
/// <remarks>
/// Laid out as the SQLite file is (Piazza.Storage.Sqlite's Schema, versions 1-8), so the two
/// stores answer alike: times are bigint, 100-ns ticks since 1970-01-01 UTC (exact to the tick,
/// as <see cref="DateTimeOffset"/> keeps it); keys are names in lower case, compared byte by byte
/// (<c>COLLATE "C"</c>: the conversation keys, "@a@b", sort before every room key that starts
/// with a letter, which TARGETS' index walk relies on, whatever the database's own collation).
/// PostgreSQL 14 or newer (CREATE OR REPLACE TRIGGER).
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>The version this code writes and reads; a database with a higher one is refused.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Serialises opening stores (two nodes starting at once): a transaction-scoped advisory lock, "PIAZ".</summary>
    public const long MigrationLock = 0x5049_415A;

    /// <summary>
    /// Creates the schema and the version table when missing; run before reading the version. The
    /// schema only when it is missing: CREATE SCHEMA checks the right to create in the database even
    /// with IF NOT EXISTS, and a user that was handed a ready schema need not have that right.
    /// </summary>
    public const string Bootstrap = """
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'piazza') THEN
                CREATE SCHEMA piazza;
            END IF;
        END
        $$;
        CREATE TABLE IF NOT EXISTS piazza.schema_version (
            version integer NOT NULL
        );
        """;

    /// <summary>Migrations[i] takes the database from version i to version i + 1.</summary>
    public static readonly string[] Migrations =
    [
        // Version 1: everything the SQLite file holds at its version 8.
        //
        // messages: seq (an identity) orders a room's messages in append order; the writer inserts
        // a batch in queue order. Indexes as SQLite's: (room_key, seq) for the latest N and every
        // cut; msgid unique (a replayed event is stored once: ON CONFLICT DO NOTHING); (room_key,
        // time) for time points, TARGETS and prune by age. room: the name as written, or for a
        // private message (room_key a conversation key) the recipient's nick then.
        // room_topics and conversations are kept by triggers in the writer's own transaction, as
        // SQLite's are (a topic message sets its room's row, an empty one deletes it; a private
        // message lists its conversation under both accounts).
        // accounts, read_markers, server_bans: keys (name_key, account_key, mask_key) in lower
        // case, what the stores compare (ignoring ASCII case, as SQLite's COLLATE NOCASE).
        // registered_rooms and registered_room_entries: as SQLite's version 8.
        """
        CREATE TABLE IF NOT EXISTS piazza.messages (
            seq         bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            msgid       text    NOT NULL,
            time        bigint  NOT NULL,
            room_key    text    COLLATE "C" NOT NULL,
            room        text    NOT NULL,
            kind        integer NOT NULL,
            sender_nick text    NOT NULL,
            sender_name text    NOT NULL,
            sender_mask text    NOT NULL,
            text        text    NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS messages_msgid ON piazza.messages (msgid);
        CREATE INDEX IF NOT EXISTS messages_room_seq ON piazza.messages (room_key, seq);
        CREATE INDEX IF NOT EXISTS messages_room_time ON piazza.messages (room_key, time);

        CREATE TABLE IF NOT EXISTS piazza.room_topics (
            room_key text   COLLATE "C" NOT NULL PRIMARY KEY,
            room     text   NOT NULL,
            text     text   NOT NULL,
            set_by   text   NOT NULL,
            set_at   bigint NOT NULL
        );
        CREATE OR REPLACE FUNCTION piazza.messages_topic() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM piazza.room_topics WHERE room_key = NEW.room_key;
            IF NEW.text <> '' THEN
                INSERT INTO piazza.room_topics (room_key, room, text, set_by, set_at)
                VALUES (NEW.room_key, NEW.room, NEW.text, NEW.sender_nick, NEW.time);
            END IF;
            RETURN NULL;
        END
        $$;
        CREATE OR REPLACE TRIGGER messages_topic AFTER INSERT ON piazza.messages
            FOR EACH ROW WHEN (NEW.kind = 3) EXECUTE FUNCTION piazza.messages_topic();

        CREATE TABLE IF NOT EXISTS piazza.conversations (
            account  text COLLATE "C" NOT NULL,
            room_key text COLLATE "C" NOT NULL,
            PRIMARY KEY (account, room_key)
        );
        CREATE OR REPLACE FUNCTION piazza.messages_conversation() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO piazza.conversations (account, room_key) VALUES
                (split_part(NEW.room_key, '@', 2), NEW.room_key),
                (split_part(NEW.room_key, '@', 3), NEW.room_key)
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END
        $$;
        CREATE OR REPLACE TRIGGER messages_conversation AFTER INSERT ON piazza.messages
            FOR EACH ROW WHEN (left(NEW.room_key, 1) = '@') EXECUTE FUNCTION piazza.messages_conversation();

        CREATE TABLE IF NOT EXISTS piazza.accounts (
            name_key      text    COLLATE "C" NOT NULL PRIMARY KEY,
            name          text    NOT NULL,
            password_hash text    NOT NULL,
            created_at    bigint  NOT NULL,
            is_operator   boolean NOT NULL DEFAULT false
        );

        CREATE TABLE IF NOT EXISTS piazza.registered_rooms (
            room_key      text    COLLATE "C" NOT NULL PRIMARY KEY,
            room          text    NOT NULL,
            founder       text    NOT NULL,
            registered_at bigint  NOT NULL,
            modes         text    NOT NULL,
            mode_key      text,
            mode_limit    integer
        );
        CREATE TABLE IF NOT EXISTS piazza.registered_room_entries (
            room_key text    COLLATE "C" NOT NULL,
            list     text    NOT NULL,
            position integer NOT NULL,
            mask     text    NOT NULL,
            set_by   text    NOT NULL,
            set_at   bigint  NOT NULL,
            PRIMARY KEY (room_key, list, position)
        );

        CREATE TABLE IF NOT EXISTS piazza.read_markers (
            account_key text   COLLATE "C" NOT NULL,
            target      text   COLLATE "C" NOT NULL,
            read_at     bigint NOT NULL,
            PRIMARY KEY (account_key, target)
        );

        CREATE TABLE IF NOT EXISTS piazza.server_bans (
            mask_key   text    COLLATE "C" NOT NULL PRIMARY KEY,
            mask       text    NOT NULL,
            kind       integer NOT NULL,
            reason     text    NOT NULL,
            set_by     text    NOT NULL,
            set_at     bigint  NOT NULL,
            expires_at bigint
        );
        """,
    ];
}
