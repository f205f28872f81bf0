-- Background .xlsx exports (reports): the finished file is kept here, not on one node's disk, so any
-- node serves the download; only the user who asked may fetch it, and rows older than a day are
-- deleted whenever a new export starts.
create table report_export (
    id            varchar(36)   not null primary key,
    owner         varchar(64)   not null,
    kind          varchar(16)   not null,
    file_name     varchar(200)  not null,
    status        varchar(8)    not null,
    rows_total    integer       not null default 0,
    rows_done     integer       not null default 0,
    content       bytea,
    error         varchar(2000),
    created_at    timestamp     not null,
    finished_at   timestamp,
    constraint ck_report_export_status check (status in ('RUNNING', 'DONE', 'FAILED'))
);
create index ix_report_export_owner on report_export (owner, created_at);
