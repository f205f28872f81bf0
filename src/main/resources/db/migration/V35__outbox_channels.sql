-- Messages where the staff already are (issue 20, part 3): the mail outbox also carries messages to
-- 企业微信 (WeCom) and 钉钉 (DingTalk) group robots, with the same transaction, retries, lease, claim and
-- retention as e-mail (notification.OutboxSender). The table keeps its name; "mail" is now one channel.
-- Portable SQL (H2 and PostgreSQL).
--
-- channel: EMAIL (recipient_address is the e-mail address), WECOM or DINGTALK (robot names the
-- configured robot, e.g. "department:tax/0" for servicestar.robots.departments.tax[0]). A robot's
-- webhook URL, key, token and signing secret are configuration only: never stored here, resolved when
-- the message is sent.
alter table mail_outbox add column channel varchar(16) default 'EMAIL' not null;
alter table mail_outbox add column robot varchar(100);
alter table mail_outbox alter column recipient_address drop not null;
alter table mail_outbox add constraint ck_mail_outbox_channel check (channel in ('EMAIL', 'WECOM', 'DINGTALK'));
alter table mail_outbox add constraint ck_mail_outbox_recipient
    check ((channel = 'EMAIL' and recipient_address is not null) or (channel <> 'EMAIL' and robot is not null));
-- the administrators' page filters by channel
create index ix_mail_outbox_channel on mail_outbox (channel, created_at);
