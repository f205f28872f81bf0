package org.servicestar.complaint;

import org.servicestar.support.PostgresAppTest;

/**
 * {@link NotStartedContract} on PostgreSQL (failsafe): savepoints in a transaction PostgreSQL would
 * otherwise abort, and {@code for update skip locked} between two retrying "nodes".
 */
@PostgresAppTest
class NotStartedIntakePostgresIT extends NotStartedContract {
}
