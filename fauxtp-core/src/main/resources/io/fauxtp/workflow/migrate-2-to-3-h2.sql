-- Migrates the fauxtp workflow store from schema version 2 to 3, for H2 2.x (what fauxtp runs itself when
-- fauxtp.workflow.store.initialize-schema allows it; copy it into a Flyway or Liquibase migration otherwise). With
-- another fauxtp.workflow.store.table, replace every 'fauxtp_suspension' below with that name. Version 3 writes a
-- step that changes nothing but the journal as one INSERT: the header no longer counts the journal's entries, and
-- each entry carries the tag of the save that wrote it (0 for the entries written by version 2).
ALTER TABLE fauxtp_suspension_journal ADD COLUMN tag BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE fauxtp_suspension DROP COLUMN journal_size;
UPDATE fauxtp_suspension_schema SET version = 3;
