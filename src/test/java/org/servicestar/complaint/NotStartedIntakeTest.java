package org.servicestar.complaint;

import org.servicestar.support.SpringAppTest;

/** {@link NotStartedContract} on the shared H2 test context. */
@SpringAppTest
class NotStartedIntakeTest extends NotStartedContract {
}
