namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// The durable store's tables. Times are Unix milliseconds (UTC). <c>state</c> columns: 0 pending, 1 done (sent,
/// delivered, uploaded), 2 parked, and in the outbox 3 held (a commitment request waiting for its spooled instances to
/// be uploaded, see <see cref="CommitmentWaits"/>). Migrations are numbered by <c>PRAGMA user_version</c>; only ever append.
/// </summary>
internal static class EdgeSchema
{
    public const int Pending = 0;
    public const int Done = 1;
    public const int Parked = 2;
    public const int Held = 3;

    public static IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          message_id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          session_key TEXT NOT NULL,
          correlation_id TEXT,
          trace_parent TEXT,
          content_type TEXT NOT NULL,
          body BLOB NOT NULL,
          properties TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          state INTEGER NOT NULL DEFAULT 0,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          sent_at INTEGER);
        CREATE INDEX outbox_pending ON outbox(seq) WHERE state = 0;
        CREATE INDEX outbox_parked ON outbox(seq) WHERE state = 2;

        CREATE TABLE hl7_inbound (
          outbox_seq INTEGER PRIMARY KEY,
          control_id TEXT NOT NULL,
          sender TEXT NOT NULL,
          ack_mode TEXT NOT NULL,
          application_ack_type TEXT NOT NULL,
          accepted INTEGER NOT NULL,
          peer TEXT,
          received_at INTEGER NOT NULL,
          outcome_code TEXT);

        CREATE TABLE outbound (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          outbound_id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          control_id TEXT NOT NULL,
          body BLOB NOT NULL,
          correlation_id TEXT,
          created_at INTEGER NOT NULL,
          state INTEGER NOT NULL DEFAULT 0,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL DEFAULT 0,
          last_code TEXT,
          last_error TEXT,
          finished_at INTEGER);
        CREATE INDEX outbound_pending ON outbound(seq) WHERE state = 0;
        CREATE INDEX outbound_state ON outbound(state, created_at);

        CREATE TABLE spool (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          file_name TEXT NOT NULL UNIQUE,
          sop_instance_uid TEXT NOT NULL,
          sop_class_uid TEXT NOT NULL,
          study_uid TEXT NOT NULL,
          series_uid TEXT NOT NULL,
          transfer_syntax_uid TEXT NOT NULL,
          patient_id TEXT,
          size_bytes INTEGER NOT NULL,
          calling_ae TEXT,
          called_ae TEXT,
          correlation_id TEXT,
          received_at INTEGER NOT NULL,
          state INTEGER NOT NULL DEFAULT 0,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          uploaded_at INTEGER);
        CREATE INDEX spool_pending ON spool(seq) WHERE state = 0;
        CREATE INDEX spool_state ON spool(state, received_at);
        CREATE INDEX spool_instance ON spool(sop_instance_uid);

        CREATE TABLE worklist (
          item_key TEXT PRIMARY KEY,
          version INTEGER NOT NULL,
          removed INTEGER NOT NULL DEFAULT 0,
          patient_id TEXT,
          accession_number TEXT,
          modality TEXT,
          station_ae TEXT,
          start_date TEXT,
          item_json TEXT,
          updated_at INTEGER NOT NULL);
        CREATE INDEX worklist_live ON worklist(start_date) WHERE removed = 0;

        CREATE TABLE worklist_snapshot_parts (
          snapshot_id TEXT NOT NULL,
          part INTEGER NOT NULL,
          part_count INTEGER NOT NULL,
          body TEXT NOT NULL,
          received_at INTEGER NOT NULL,
          PRIMARY KEY (snapshot_id, part));

        CREATE TABLE agent_state (
          name TEXT PRIMARY KEY,
          value TEXT NOT NULL);
        """,
        """
        CREATE TABLE commitment (
          transaction_uid TEXT PRIMARY KEY,
          requesting_ae TEXT NOT NULL,
          request_json TEXT NOT NULL,
          received_at INTEGER NOT NULL,
          state INTEGER NOT NULL DEFAULT 0,
          result_json TEXT,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          finished_at INTEGER);
        CREATE INDEX commitment_pending ON commitment(received_at) WHERE state = 0 AND result_json IS NOT NULL;
        """,
        """
        CREATE TABLE mpps (
          sop_instance_uid TEXT PRIMARY KEY,
          status TEXT NOT NULL,
          attributes BLOB NOT NULL,
          calling_ae TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL);
        """,
        """
        UPDATE worklist SET
          patient_id = TRIM(patient_id, ' ' || char(9) || char(10) || char(13)),
          accession_number = TRIM(accession_number, ' ' || char(9) || char(10) || char(13)),
          modality = TRIM(modality, ' ' || char(9) || char(10) || char(13)),
          station_ae = TRIM(station_ae, ' ' || char(9) || char(10) || char(13)),
          start_date = TRIM(start_date, ' ' || char(9) || char(10) || char(13));
        """,
        """
        ALTER TABLE worklist ADD COLUMN local_status TEXT;
        """,
        """
        CREATE TABLE IF NOT EXISTS commitment_wait (
          transaction_uid TEXT NOT NULL,
          sop_instance_uid TEXT NOT NULL,
          PRIMARY KEY (transaction_uid, sop_instance_uid)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS commitment_wait_instance ON commitment_wait(sop_instance_uid);
        CREATE INDEX IF NOT EXISTS outbox_held ON outbox(seq) WHERE state = 3;
        """,
        """
        CREATE TABLE IF NOT EXISTS worklist_mark (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          item_key TEXT NOT NULL,
          version INTEGER NOT NULL,
          outbox_seq INTEGER NOT NULL,
          hidden INTEGER NOT NULL,
          patient_json TEXT,
          created_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS worklist_mark_item ON worklist_mark(item_key, version);
        CREATE INDEX IF NOT EXISTS worklist_patient ON worklist(patient_id) WHERE removed = 0;
        """,
    ];
}
