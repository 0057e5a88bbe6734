-- Migrates the fauxtp workflow store from schema version 1 to 2, for H2 2.x (what fauxtp runs itself when
-- fauxtp.workflow.store.initialize-schema allows it; copy it into a Flyway or Liquibase migration otherwise). With
-- another fauxtp.workflow.store.table, replace every 'fauxtp_suspension' below with that name. Rows written by
-- version 1 keep their whole text in body (journal included) and are read as they are; their next save moves
-- the journal into fauxtp_suspension_journal.
ALTER TABLE fauxtp_suspension ADD COLUMN journal_size INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE fauxtp_suspension ADD COLUMN revision BIGINT DEFAULT 0 NOT NULL;
CREATE TABLE fauxtp_suspension_journal (
    run_id VARCHAR(200) NOT NULL,
    seq INTEGER NOT NULL,
    entry CHARACTER LARGE OBJECT NOT NULL,
    PRIMARY KEY (run_id, seq)
);
UPDATE fauxtp_suspension_schema SET version = 2;
