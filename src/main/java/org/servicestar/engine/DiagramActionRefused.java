package org.servicestar.engine;

/** An action on /admin/diagrams that cannot be done as asked (nothing was changed); the message is for the administrator, in Chinese. */
class DiagramActionRefused extends RuntimeException {

  DiagramActionRefused(String message) {
    super(message);
  }
}
