package org.servicestar.rating;

import java.io.Serializable;
import java.time.OffsetDateTime;

/** A rating pad at a window, as stored (its key is not: only the key's hash and first characters). */
record RatingDevice(long id, long unitId, String unitCode, String unitName, String label, String keyHint,
                    OffsetDateTime issuedAt, String issuedBy, OffsetDateTime revokedAt, String revokedBy,
                    OffsetDateTime lastUsedAt) implements Serializable {

  public boolean revoked() {
    return revokedAt != null;
  }
}
