-- Why an inspection was started (the optional note of the Tasklist start form for 明查暗访), shown on
-- its page and in the inspector's form.
alter table inspection add column note varchar(2000);
