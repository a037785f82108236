namespace Piazza.Storage.Sqlite;

/// <summary>
/// The database's layout, version by version. The file records its version in
/// <c>PRAGMA user_version</c> and that it is Piazza's in <c>PRAGMA application_id</c>
/// (both in the file header: https://www.sqlite.org/fileformat2.html#the_database_header).
/// A change to the layout is a new entry at the end of <see cref="Migrations"/>, never an edit of an old one.
/// </summary>
internal static class Schema
{
    /// <summary>"PIAZ" in ASCII: marks the file as Piazza's history (<c>PRAGMA application_id</c>).</summary>
    public const int ApplicationId = 0x5049_415A;

    /// <summary>The version this code writes and reads; a file with a higher one is refused.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Migrations[i] takes a database from version i to version i + 1.</summary>
    public static readonly string[] Migrations =
    [
        // Version 1.
        //
        // seq is the rowid (INTEGER PRIMARY KEY): it orders a room's messages in the order they
        // were appended, and costs no separate index. Not AUTOINCREMENT: a seq is only compared
        // within this file, never handed out, so reusing the number of a deleted newest row is
        // harmless, and AUTOINCREMENT would add a write to sqlite_sequence per insert.
        //
        // time: 100-ns ticks since 1970-01-01 UTC (MessageRow.ToStored).
        // room_key: the room name in lower case, what queries compare; room: as the room wrote it.
        //
        // Indexes, and the queries each makes one seek:
        //   messages_room_seq  (room_key, seq)  latest N in a room; before/after/around/between a cut
        //   messages_msgid     (msgid) unique    a msgid point -> its seq
        //   messages_room_time (room_key, time)  a timestamp point -> its seq; TARGETS; prune by age
        // (An index on room_key alone would be ordered by (room_key, rowid) too; naming seq says what it is for.)
        """
        CREATE TABLE messages (
            seq         INTEGER PRIMARY KEY,
            msgid       TEXT    NOT NULL,
            time        INTEGER NOT NULL,
            room_key    TEXT    NOT NULL,
            room        TEXT    NOT NULL,
            kind        INTEGER NOT NULL,
            sender_nick TEXT    NOT NULL,
            sender_name TEXT    NOT NULL,
            sender_mask TEXT    NOT NULL,
            text        TEXT    NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX messages_msgid ON messages (msgid);
        CREATE INDEX messages_room_seq ON messages (room_key, seq);
        CREATE INDEX messages_room_time ON messages (room_key, time);
        """,

        // Version 2: server bans (SqliteServerBanStore), a handful of rows written by operators.
        // mask: normalised (10.0.0.0/8, *!*@host), unique ignoring ASCII case as bans compare.
        // kind: ServerBanKind (0 address, 1 mask). Times as in messages; expires_at NULL: never.
        """
        CREATE TABLE server_bans (
            mask        TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE,
            kind        INTEGER NOT NULL,
            reason      TEXT    NOT NULL,
            set_by      TEXT    NOT NULL,
            set_at      INTEGER NOT NULL,
            expires_at  INTEGER
        ) STRICT;
        """,
        // Version 3: accounts (SqliteAccountStore). name: as registered, unique ignoring ASCII case
        // as nicks compare; password_hash: the server's KDF string (never a password); created_at
        // as times in messages.
        """
        CREATE TABLE accounts (
            name          TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE,
            password_hash TEXT    NOT NULL,
            created_at    INTEGER NOT NULL
        ) STRICT;
        """,
        // Version 4: each room's last topic (SqliteMessageStore.TopicsAsync), so a restart gives
        // rooms their topics back and pruning old messages does not lose them. A trigger keeps it
        // in the writer's own transaction, so the message path gains no statement of its own: a
        // topic message (kind 3) sets its room's row, an empty one (cleared) deletes it. The
        // rows are filled from the messages already stored.
        """
        CREATE TABLE room_topics (
            room_key TEXT    NOT NULL PRIMARY KEY,
            room     TEXT    NOT NULL,
            text     TEXT    NOT NULL,
            set_by   TEXT    NOT NULL,
            set_at   INTEGER NOT NULL
        ) STRICT;
        CREATE TRIGGER messages_topic AFTER INSERT ON messages WHEN NEW.kind = 3 BEGIN
            DELETE FROM room_topics WHERE room_key = NEW.room_key;
            INSERT INTO room_topics (room_key, room, text, set_by, set_at)
                SELECT NEW.room_key, NEW.room, NEW.text, NEW.sender_nick, NEW.time WHERE NEW.text <> '';
        END;
        INSERT INTO room_topics (room_key, room, text, set_by, set_at)
            SELECT room_key, room, text, sender_nick, time FROM messages
            WHERE seq IN (SELECT max(seq) FROM messages WHERE kind = 3 GROUP BY room_key) AND text <> '';
        """,
        // Version 5: read markers (SqliteReadMarkerStore, IRCv3 draft/read-marker), at most 1,000
        // per account. account: as logged in, compared ignoring ASCII case as accounts are;
        // target: the room as #name or the nick, in lower case; read_at: ticks as times in messages.
        // The primary key is the lookup (account, target) and an account's rows for the limit.
        """
        CREATE TABLE read_markers (
            account TEXT    NOT NULL COLLATE NOCASE,
            target  TEXT    NOT NULL,
            read_at INTEGER NOT NULL,
            PRIMARY KEY (account, target)
        ) STRICT;
        """,
        // Version 6: an account may be a server operator's (AccountRecord.IsOperator): 1 when
        // logging in to it makes one a server operator, set by a server operator.
        """
        ALTER TABLE accounts ADD COLUMN is_operator INTEGER NOT NULL DEFAULT 0;
        """,
        // Version 7: private messages between accounts (IMessageStore, Conversation). They are rows of
        // messages like a room's: room_key is the conversation's key, "@" account "@" account in lower
        // case, which no room name can be (rooms hold letters, digits, - _ . only), so every index
        // and query of a room serves a conversation too; room holds the recipient's nick then.
        // conversations lists each account's conversations for TARGETS: one row per account and key,
        // made by a trigger in the writer's own transaction, so the insert path gains no statement
        // (a room message only tests its key's first character). A row outlives its messages when
        // they are pruned or redacted; TARGETS reads the latest time from messages, so such a row
        // lists nothing. The two accounts are the key split at its second '@'. No row needs filling:
        // no private message was stored before this version.
        """
        CREATE TABLE conversations (
            account  TEXT NOT NULL,
            room_key TEXT NOT NULL,
            PRIMARY KEY (account, room_key)
        ) STRICT, WITHOUT ROWID;
        CREATE TRIGGER messages_conversation AFTER INSERT ON messages WHEN substr(NEW.room_key, 1, 1) = '@' BEGIN
            INSERT OR IGNORE INTO conversations (account, room_key) VALUES
                (substr(NEW.room_key, 2, instr(substr(NEW.room_key, 2), '@') - 1), NEW.room_key),
                (substr(NEW.room_key, instr(substr(NEW.room_key, 2), '@') + 2), NEW.room_key);
        END;
        """,
        // Version 8: registered rooms (SqliteRoomRegistrationStore, issue 14), a few rows written
        // when a registered room's settings change, read once at start. Two tables, not one row
        // holding lists in a text column: the lists (+b, +e, +I, each up to Chat:MaxBansPerRoom,
        // and the operator accounts) are rows of their own, so no format of ours is parsed back
        // and each entry keeps who set it when in typed columns. A room is saved whole (its row,
        // its entries deleted and written again) in one transaction: a few hundred rows at most.
        // room_key: the name in lower case, as room_topics; room: as the room writes it.
        // modes: the flag letters set (C i m n s t), mode_key/mode_limit NULL when unset.
        // list: b, e, I, or o (an operator account: mask is the account, set_by and set_at as
        // the others are written, the registration's). position keeps each list's order.
        // Self-contained: it reads and changes no table of an earlier version.
        """
        CREATE TABLE registered_rooms (
            room_key      TEXT    NOT NULL PRIMARY KEY,
            room          TEXT    NOT NULL,
            founder       TEXT    NOT NULL,
            registered_at INTEGER NOT NULL,
            modes         TEXT    NOT NULL,
            mode_key      TEXT,
            mode_limit    INTEGER
        ) STRICT;
        CREATE TABLE registered_room_entries (
            room_key TEXT    NOT NULL,
            list     TEXT    NOT NULL,
            position INTEGER NOT NULL,
            mask     TEXT    NOT NULL,
            set_by   TEXT    NOT NULL,
            set_at   INTEGER NOT NULL,
            PRIMARY KEY (room_key, list, position)
        ) STRICT;
        """,
    ];
}
