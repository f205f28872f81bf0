package org.servicestar.notification;

/** A Camunda user who gets a mail: id, display name ("王建国") and e-mail address. */
record Recipient(String userId, String name, String address) {
}
