package org.servicestar.throttle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The limits of the public complaint and objection forms ({@code servicestar.public-forms.*}), each form
 * counted on its own.
 *
 * @param perAddressPerMinute accepted submissions one client address may send in a minute; application.yaml
 *                            sets it to {@code servicestar.rating.per-address-per-minute}, the anonymous
 *                            ratings' limit (30), unless it is set itself
 * @param perPhone            accepted submissions with the same phone number (its digits) in {@code phoneWindow}
 * @param phoneWindow         the phone limit's window
 */
@ConfigurationProperties("servicestar.public-forms")
record PublicFormLimitProperties(
    @DefaultValue("30") int perAddressPerMinute,
    @DefaultValue("5") int perPhone,
    @DefaultValue("1h") Duration phoneWindow) {

  PublicFormLimitProperties {
    if (perAddressPerMinute < 1) {
      throw new IllegalArgumentException("servicestar.public-forms.per-address-per-minute must be at least 1");
    }
    if (perPhone < 1) {
      throw new IllegalArgumentException("servicestar.public-forms.per-phone must be at least 1");
    }
    if (phoneWindow == null || phoneWindow.toSeconds() < 1) {
      throw new IllegalArgumentException("servicestar.public-forms.phone-window must be at least 1s");
    }
  }
}
