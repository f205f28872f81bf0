package org.servicestar.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The first administrator; its password comes from the environment outside the demo profile. */
@ConfigurationProperties("servicestar.admin")
record AdminProperties(String username, String password) {
}
