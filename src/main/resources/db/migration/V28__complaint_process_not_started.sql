-- Public intake never loses what it acknowledges (issue 17, part 4). When the engine cannot start a
-- complaint's ComplaintHandling (a broken diagram, an engine error; not a database outage, which
-- answers 503 and stores nothing), the complaint is stored anyway with status NOT_STARTED and the
-- engine's reason (for administrators only), and complaint.ComplaintStartRetry starts it later: after
-- every deployment and every few minutes, each complaint once (its row locked while it is started).
-- Portable SQL (H2 and PostgreSQL).
alter table complaint add column start_failure varchar(2000);
alter table complaint add column start_failed_at timestamp;
alter table complaint add column start_attempts integer default 0 not null;

-- One row per process the intake starts: since when its starts fail (null: they don't). The first
-- failure of an outage sets it and mails the office, in its own transaction, holding the row's lock,
-- so the office is mailed once per outage however many nodes and complaints fail at once; the retry
-- clears it when no complaint is left unstarted.
create table complaint_start_outage (
    process_key  varchar(64)   not null primary key,
    since        timestamp,
    reason       varchar(2000),
    first_number varchar(20),
    ended_at     timestamp
);
insert into complaint_start_outage (process_key) values ('ComplaintHandling');

-- The office's mail about such an outage (notification.GroupAlerts).
alter table mail_outbox drop constraint ck_mail_outbox_kind;
alter table mail_outbox add constraint ck_mail_outbox_kind check (kind in ('TASK', 'REMINDER', 'ESCALATION', 'ALERT'));
