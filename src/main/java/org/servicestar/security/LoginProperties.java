package org.servicestar.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many failed logins are tolerated within {@code window}: per user name, and per client
 * address (higher, since a whole office may share one address behind NAT).
 */
@ConfigurationProperties("servicestar.login")
record LoginProperties(@DefaultValue("5") int maxFailuresPerUser, @DefaultValue("30") int maxFailuresPerAddress,
                       @DefaultValue("15m") Duration window) {
}
