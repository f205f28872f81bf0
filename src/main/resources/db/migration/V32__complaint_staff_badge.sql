-- The staff member a bad review named (staffBadge on POST /api/ratings), kept on its complaint (issue 19):
-- shown on triage, verification and the complaint's page, counted in the staff member's figures once
-- the complaint is substantiated. Older complaints from ratings take it from their rating.
alter table complaint add column staff_badge varchar(32);

update complaint set staff_badge = (select r.staff_badge from rating r where r.id = complaint.rating_id)
 where rating_id is not null;

create index ix_complaint_staff_badge on complaint (staff_badge);
