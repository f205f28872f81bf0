-- A unit that missed its commitments (三亮) is flagged like one that missed its plan (issue 19): when the
-- competition phase ends (its date, or the office ends it early) with the unit's Task_PublishCommitments
-- still open, the task closes and this is set; the campaign's page and the dashboard show it in red.
alter table campaign_plan add column commitments_missing_at timestamp;
