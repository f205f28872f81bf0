-- One 三评 round per unit and campaign year (issue 19). EvaluationService refuses a second round at every
-- door (the page, /engine-rest, Tasklist); this key is the last guard when two offices open one at once.
--
-- Older data may hold more than one round of a unit in a year (they were accepted before). They are kept,
-- numbered in the order they were opened: year_round 1 is the unit's round of the year, 2, 3… are
-- duplicates, shown as such and left out of the scores (scoring.ScoreFacts reads year_round = 1 only).
-- New rounds are always 1, so the key (unit, year, year_round) refuses a second one.
alter table evaluation_round add column year_round integer default 1 not null;

update evaluation_round r
   set year_round = (select count(*) from evaluation_round o
                      where o.unit_code = r.unit_code and o.campaign_year = r.campaign_year and o.id <= r.id);

alter table evaluation_round add constraint uq_evaluation_round_unit_year unique (unit_code, campaign_year, year_round);
