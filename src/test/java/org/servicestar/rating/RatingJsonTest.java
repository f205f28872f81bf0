package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Reading one rating from JSON: a wrongly typed field is named, and refuses only its own item. */
class RatingJsonTest {

  private final ObjectMapper json = new ObjectMapper();

  private RatingIntake.Incoming read(String text) throws Exception {
    return RatingJson.read(json.readTree(text));
  }

  @Test
  void readsEveryField() throws Exception {
    RatingIntake.Incoming in = read("""
        {"unitCode":"w1","level":4,"channel":"DEVICE","staffBadge":10023,"comment":"好","contactName":"张","contactPhone":"138",
         "clientRef":"r-1","ratedAt":"2026-03-01","deviceToken":"t-123456","unknown":{"ignored":true}}""");
    assertThat(in.typeErrors()).isEmpty();
    assertThat(in.draft()).isEqualTo(new RatingDraft("w1", 4, "DEVICE", "10023", "好", "张", "138", "r-1", "2026-03-01", "t-123456"));
  }

  @Test
  void levelMayBeADigitInAString() throws Exception {
    assertThat(read("{\"level\":\"5\"}").draft().level()).isEqualTo(5);
  }

  @Test
  void wrongTypesAreNamed() throws Exception {
    RatingIntake.Incoming in = read("{\"unitCode\":[1],\"level\":4.5,\"comment\":{\"a\":1},\"channel\":true}");
    assertThat(in.typeErrors()).containsOnlyKeys("unitCode", "level", "comment", "channel");
    assertThat(read("{\"level\":\"high\"}").typeErrors()).containsOnlyKeys("level");
    assertThat(read("{\"level\":99999999999}").typeErrors()).containsOnlyKeys("level");
  }

  @Test
  void anItemThatIsNoObjectIsUnreadable() throws Exception {
    assertThat(read("42").unreadable().kind()).isEqualTo(Refusal.Kind.INVALID);
    assertThat(read("null").unreadable()).isNotNull();
  }
}
