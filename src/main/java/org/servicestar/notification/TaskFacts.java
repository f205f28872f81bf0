package org.servicestar.notification;

import java.util.Date;

/**
 * What a mail says about a task.
 *
 * @param processName  the process definition's name (its key when it has none)
 * @param processKey   the process definition's key
 * @param businessKey  e.g. TS-2026-000001; may be null
 * @param dueDate      may be null
 * @param unit         the unit's name and code ("市税务局办税服务厅（tax-hall）") when the process has a
 *                     {@code unitCode} variable, else null
 * @param holder       who holds the task: the assignee, or the candidates while nobody has claimed it
 */
record TaskFacts(String taskId, String taskKey, String taskName, String processInstanceId, String processName,
                 String processKey, String businessKey, Date dueDate, String unit, String holder) {
}
