-- Monthly rollups of the ratings per rated unit (issue 22): what the dashboard and the figures
-- would otherwise group out of a city's year of ratings on every page view. Kept in step in the
-- same transaction as each rating's intake, exclusion and appeal outcome (rating.RatingRollups),
-- by the rule of which ratings count (rating.CountedRatings). Rebuilt from the ratings at start-up
-- when empty while ratings exist (an existing database), or on request (see docs/performance.md).
-- Portable SQL: H2 2.3 and PostgreSQL 17.
create table rating_month (
    unit_id      bigint  not null references unit (id),
    -- The Beijing month of the rating's rated_day, as yyyymm (202603 = March 2026).
    rated_month  integer not null,
    -- Ratings that count, per level.
    level_1      bigint  not null default 0,
    level_2      bigint  not null default 0,
    level_3      bigint  not null default 0,
    level_4      bigint  not null default 0,
    level_5      bigint  not null default 0,
    -- Ratings that count nowhere (excluded by the office, or a bad review after an upheld appeal).
    not_counted  bigint  not null default 0,
    constraint pk_rating_month primary key (unit_id, rated_month)
);
-- A year's rows for the whole city: rated_month between yyyy01 and yyyy12.
create index ix_rating_month_month on rating_month (rated_month);
