-- China's working-day calendar (DOMAIN.md §5): per year, the days that break the Monday–Friday rule.
-- The database, not each node's memory, is the source of truth, so every node of a cluster counts
-- deadlines alike. Portable SQL: runs on H2 (the embedded default) and PostgreSQL (production) alike.

-- A year is known once its row is here; a year without a row is counted Monday–Friday, with a warning.
create table work_calendar_year (
    calendar_year  integer      not null primary key,
    -- where the days came from: a file shipped with the app, or the name of an uploaded file
    source         varchar(300) not null,
    -- Beijing time (Asia/Shanghai), like the calendar itself
    loaded_at      timestamp    not null,
    loaded_by      varchar(64)  not null,
    constraint ck_work_calendar_year check (calendar_year between 1949 and 2999)
);

-- off_day true: a holiday (放假); false: a make-up working day on a weekend (调休上班).
create table work_calendar_day (
    calendar_date  date         not null primary key,
    calendar_year  integer      not null references work_calendar_year (calendar_year),
    off_day        boolean      not null,
    name           varchar(100),
    constraint ck_work_calendar_day_year check (extract(year from calendar_date) = calendar_year)
);
create index ix_work_calendar_day_year on work_calendar_day (calendar_year);
