-- The fauxtp workflow store, schema version 3, for PostgreSQL.
-- fauxtp creates these tables itself when fauxtp.workflow.store.initialize-schema allows it; copy this script into
-- a Flyway or Liquibase migration to manage them yourself (then set initialize-schema=never). With another
-- fauxtp.workflow.store.table, replace every 'fauxtp_suspension' below with that name.
-- A run is its row here (the header: status, what it awaits, its text without the journal, the revision each write
-- of the header changes) and its journal entries in fauxtp_suspension_journal, one row per step, each in the text
-- format and tagged by the save that wrote it: a step that changes nothing else is one INSERT.
CREATE TABLE fauxtp_suspension (
    id VARCHAR(200) PRIMARY KEY,
    workflow VARCHAR(200) NOT NULL,
    version INTEGER NOT NULL,
    status VARCHAR(16) NOT NULL,
    awaiting VARCHAR(1000) NOT NULL,
    wake_at TIMESTAMP WITH TIME ZONE,
    body TEXT NOT NULL,
    revision BIGINT DEFAULT 0 NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX fauxtp_suspension_unfinished ON fauxtp_suspension (status, wake_at);
CREATE TABLE fauxtp_suspension_journal (
    run_id VARCHAR(200) NOT NULL,
    seq INTEGER NOT NULL,
    entry TEXT NOT NULL,
    tag BIGINT DEFAULT 0 NOT NULL,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE fauxtp_suspension_schema (version INTEGER NOT NULL);
INSERT INTO fauxtp_suspension_schema (version) VALUES (3);
