package org.servicestar.notification;

/**
 * One notification as it goes into the outbox: an e-mail to one person, or a markdown message to one
 * group robot (the table is still called {@code mail_outbox}).
 *
 * @param kind              why it is sent
 * @param channel           how it travels
 * @param recipientUser     the Camunda user id (e-mail only)
 * @param recipientAddress  the user's e-mail address (e-mail only)
 * @param robot             the robot's reference ({@link RobotTarget#ref()}; robots only): never its URL
 * @param subject           the mail's subject, the DingTalk message's title
 * @param body              the mail's text, the robot's markdown
 */
record Mail(Kind kind, Channel channel, String recipientUser, String recipientAddress, String robot, String subject,
            String body, String taskId, String processInstanceId, String businessKey) {

  /** An e-mail. */
  Mail(Kind kind, String recipientUser, String recipientAddress, String subject, String body, String taskId,
       String processInstanceId, String businessKey) {
    this(kind, Channel.EMAIL, recipientUser, recipientAddress, null, subject, body, taskId, processInstanceId, businessKey);
  }

  /** A message to a group robot. */
  static Mail toRobot(Kind kind, RobotTarget robot, String title, String markdown, String taskId, String processInstanceId,
                      String businessKey) {
    return new Mail(kind, robot.channel(), null, null, robot.ref(), title, markdown, taskId, processInstanceId, businessKey);
  }

  /** Who it goes to, for a log line: the address, or the robot's reference. */
  String recipient() {
    return channel == Channel.EMAIL ? recipientAddress : robot;
  }

  enum Kind {
    /** A new task for its candidates, or a task assigned to someone. */
    TASK,
    /** A task is about to fall due (taskReminderDelegate). */
    REMINDER,
    /** A task is overdue, to the group that oversees it (taskEscalationDelegate). */
    ESCALATION,
    /** Something the app could not do by itself, to the group that must know ({@link GroupAlerts}). */
    ALERT
  }
}
