-- The limits of the public forms that start work for people (throttle.PublicFormLimits): accepted
-- complaints and objections per client address and per phone number, counted per fixed window in
-- the database so that every node of a cluster counts the same requests. Portable SQL (H2 and
-- PostgreSQL). One row per (kind, key, window): kind says the form and what is counted
-- (COMPLAINT_ADDRESS, OBJECTION_PHONE, ...), hit_key the address or the phone's digits. Rows whose
-- window has ended (expires_at) no longer count and are deleted now and then.
create table public_form_hit (
    kind          varchar(32)  not null,
    hit_key       varchar(64)  not null,
    window_start  timestamp    not null,
    expires_at    timestamp    not null,
    hits          integer      not null,
    primary key (kind, hit_key, window_start)
);
create index ix_public_form_hit_expires on public_form_hit (expires_at);
