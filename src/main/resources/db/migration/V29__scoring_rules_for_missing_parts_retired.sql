-- inspection.missing and supervision.none gave a unit without an inspection a fixed score (0 and 90)
-- that could beat a measured one. A missing part is now left out and its weight shared out over the
-- parts the year has records of, so these two rules no longer exist; a campaign's own values of them
-- would only mislead whoever reads this table.
delete from scoring_rule where rule_key in ('inspection.missing', 'supervision.none');
