package org.servicestar.notification;

/**
 * One notification e-mail to one person, as it goes into the outbox.
 *
 * @param kind              why it is sent
 * @param recipientUser     the Camunda user id
 * @param recipientAddress  the user's e-mail address
 */
record Mail(Kind kind, String recipientUser, String recipientAddress, String subject, String body,
            String taskId, String processInstanceId, String businessKey) {

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
