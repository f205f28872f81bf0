-- Mail retention (notification.MailRetention): delivered mails (SENT, LOGGED) older than
-- servicestar.mail.retention are deleted at night, in batches. Portable SQL (H2 and PostgreSQL).
--
-- Work that one node of several does at a time, claimed like a mail in mail_outbox: a conditional
-- UPDATE of the job's row takes a lease (locked_by, locked_until) that a node which died frees by
-- expiring; last_finished_at says the night's run is done, so the other nodes leave it alone.
create table job_lease (
    name              varchar(64)  not null primary key,
    locked_by         varchar(100),
    locked_until      timestamp,
    last_started_at   timestamp,
    last_finished_at  timestamp
);
insert into job_lease (name) values ('mail-retention');

-- The retention's batches find delivered mails by age.
create index ix_mail_outbox_sent on mail_outbox (status, sent_at);
