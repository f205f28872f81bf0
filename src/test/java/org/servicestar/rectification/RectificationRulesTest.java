package org.servicestar.rectification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.servicestar.rectification.RectificationProcessTest.beijing;
import static org.servicestar.rectification.RectificationProcessTest.endOfDay;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Date;

import org.junit.jupiter.api.Test;
import org.servicestar.calendar.Workdays;
import org.servicestar.web.EvidenceFiles;
import org.servicestar.web.EvidenceFiles.Kind;
import org.servicestar.web.InvalidInputException;

/** The plain rules of the feature: reminder times on the Chinese calendar, due dates from forms, file sniffing and names. */
class RectificationRulesTest {

  private final RectificationDeadlines deadlines = new RectificationDeadlines(Workdays.withShippedCalendars());

  @Test
  void remindersGoOutAtNineOnWorkingDays() {
    assertThat(deadlines.remindAt(beijing(2026, 3, 9, 10, 0), 3)).isEqualTo(beijing(2026, 3, 4, 9, 0));
    assertThat(deadlines.remindAt(beijing(2026, 3, 9, 10, 0), 0)).isEqualTo(beijing(2026, 3, 9, 9, 0));
    // Due the day after the Spring Festival (15–23 Feb 2026 off, Saturday 14 Feb a make-up working day):
    // three working days before Wednesday 25 Feb are 24 Feb, Saturday 14 Feb and Friday 13 Feb.
    assertThat(deadlines.remindAt(beijing(2026, 2, 25, 17, 0), 3)).isEqualTo(beijing(2026, 2, 13, 9, 0));
    // A due time before 10:00 is reminded of an hour ahead on its day.
    assertThat(deadlines.remindAt(beijing(2026, 3, 9, 8, 30), 0)).isEqualTo(beijing(2026, 3, 9, 7, 30));
    assertThatThrownBy(() -> deadlines.remindAt(null, 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dueDatesFromFormsMeanTheEndOfTheDayInBeijing() {
    assertThat(deadlines.dueDateOf("2026-03-20")).isEqualTo(endOfDay(2026, 3, 20));
    assertThat(deadlines.dueDateOf(LocalDate.of(2026, 3, 20))).isEqualTo(endOfDay(2026, 3, 20));
    assertThat(deadlines.dueDateOf("2026-03-20T10:00")).isEqualTo(beijing(2026, 3, 20, 10, 0));
    assertThat(deadlines.dueDateOf("2026-03-20T02:00Z")).isEqualTo(beijing(2026, 3, 20, 10, 0));
    assertThat(deadlines.dueDateOf("2026-03-20T10:00:00.000+08:00")).isEqualTo(beijing(2026, 3, 20, 10, 0));
    assertThat(deadlines.dueDateOf(LocalDateTime.of(2026, 3, 20, 10, 0))).isEqualTo(beijing(2026, 3, 20, 10, 0));
    Date date = new Date();
    assertThat(deadlines.dueDateOf(date)).isSameAs(date);
    assertThatThrownBy(() -> deadlines.dueDateOf(" ")).hasMessageContaining("请填写到期日");
    assertThatThrownBy(() -> deadlines.dueDateOf(null)).hasMessageContaining("请填写到期日");
    assertThatThrownBy(() -> deadlines.dueDateOf("20.03.2026")).hasMessageContaining("不是有效的日期");
    assertThat(deadlines.text(beijing(2026, 3, 5, 17, 0))).isEqualTo("2026年3月5日 17:00");
  }

  @Test
  void filesAreKnownByTheirFirstBytes() {
    assertThat(EvidenceFiles.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00})).contains(Kind.JPEG);
    assertThat(EvidenceFiles.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0})).contains(Kind.PNG);
    assertThat(EvidenceFiles.sniff("%PDF-1.7".getBytes(StandardCharsets.US_ASCII))).contains(Kind.PDF);
    assertThat(EvidenceFiles.sniff("GIF89a".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    assertThat(EvidenceFiles.sniff("<html>%PDF-".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    assertThat(EvidenceFiles.sniff(new byte[] {(byte) 0x89, 'P', 'N'})).as("too short").isEmpty();
  }

  @Test
  void fileNamesAreCleanedAndMustFitTheContent() {
    assertThat(EvidenceFiles.fileName("C:\\fakepath\\现场.JPEG", Kind.JPEG)).isEqualTo("现场.JPEG");
    assertThat(EvidenceFiles.fileName("../../etc/passwd.png", Kind.PNG)).isEqualTo("passwd.png");
    assertThat(EvidenceFiles.fileName("a\u0000b\r\n.pdf", Kind.PDF)).isEqualTo("ab.pdf");
    assertThat(EvidenceFiles.fileName(null, Kind.PDF)).isEqualTo("证据.pdf");
    assertThat(EvidenceFiles.fileName(".png", Kind.PNG)).as("a dot-file name keeps its dot").isEqualTo(".png.png");
    assertThat(EvidenceFiles.fileName("x".repeat(300) + ".pdf", Kind.PDF)).hasSize(EvidenceFiles.MAX_NAME).endsWith(".pdf");
    assertThatThrownBy(() -> EvidenceFiles.fileName("报告.pdf", Kind.PNG)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("与扩展名 .pdf 不符");
    assertThatThrownBy(() -> EvidenceFiles.fileName("photo.html", Kind.JPEG)).hasMessageContaining(".html");
  }
}
