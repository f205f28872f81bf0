package org.servicestar.demo;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A year of ratings for the demo windows, the same for the same seed: every window gets a daily
 * number of visitors from {@link DemoRhythm}, each visitor a time of day and a level. Most windows
 * are rated 4–5; a few "worse" windows (chosen by the seed) collect more 3s and most of the bad
 * reviews. The ratings come as paper forms, suggestion-box cards and hotline calls typed in by the
 * office, the channels that may be dated up to 400 days back (a rating pad only 30 days, the public's
 * QR and online votes never): so every generated rating passes the intake's rules as real input.
 */
public final class DemoRatings {

  /** A window that is rated, and the badges of its staff (a rater names one now and then). */
  public record Window(String code, List<String> badges) {
  }

  /** One generated rating, as a sender would state it. */
  public record Generated(String unitCode, int level, String channel, String staffBadge, String comment,
                          String contactName, String contactPhone, String clientRef, OffsetDateTime ratedAt) {
    public boolean bad() {
      return level <= 2;
    }
  }

  /** How many and how good: visitors per window on an average working day, bad-review shares. */
  public record Settings(long seed, double visitorsPerDay, int worseWindows, double badShare, double worseBadShare) {
    public static Settings demo(long seed) {
      return new Settings(seed, 7, 2, 0.0004, 0.005);
    }
  }

  static final String ENTERED_BY = "office1";
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final String[] PRAISE = {"办事效率高，态度热情", "一次就办好了，谢谢", "工作人员很耐心", "讲解清楚，流程简单",
      "环境整洁，等候时间短", "延时服务很贴心"};
  private static final String[] MILD = {"排队时间有点长", "材料清单可以再清楚些", "叫号系统偶尔不准"};
  private static final String[] BAD = {"窗口工作人员态度生硬，问两遍就不耐烦", "等了一个多小时，窗口中途离岗", "材料要求前后说法不一，跑了三趟",
      "工作人员玩手机，不理人", "咨询电话一直打不通", "办理超过承诺时限仍未办结"};
  private static final String[] FAMILY = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};

  private final Settings settings;
  private final DemoRhythm rhythm;
  private final ZoneId zone;

  public DemoRatings(Settings settings, Predicate<LocalDate> workingDay, ZoneId zone) {
    this.settings = settings;
    this.rhythm = new DemoRhythm(workingDay);
    this.zone = zone;
  }

  /** The windows the seed makes worse than the rest: the same for the same seed and windows. */
  public List<String> worseWindows(List<Window> windows) {
    List<String> codes = new ArrayList<>(windows.stream().map(Window::code).sorted().toList());
    SplittableRandom random = new SplittableRandom(settings.seed());
    List<String> worse = new ArrayList<>();
    for (int i = 0; i < Math.min(settings.worseWindows(), codes.size()); i++) {
      worse.add(codes.remove(random.nextInt(codes.size())));
    }
    return worse;
  }

  /** Every rating of the days {@code from} to {@code to} (both included), in time order per window and day. */
  public List<Generated> between(List<Window> windows, LocalDate from, LocalDate to) {
    List<String> worse = worseWindows(windows);
    List<Generated> all = new ArrayList<>();
    for (Window window : windows) {
      boolean isWorse = worse.contains(window.code());
      for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
        all.addAll(ofDay(window, day, isWorse));
      }
    }
    return all;
  }

  /** One window's day: its own random stream, so a day's ratings do not depend on which other days were made. */
  List<Generated> ofDay(Window window, LocalDate day, boolean worse) {
    SplittableRandom random = new SplittableRandom(settings.seed() * 31 + window.code().hashCode() * 1_000_003L + day.toEpochDay());
    int count = DemoRhythm.poisson(settings.visitorsPerDay() * rhythm.dayFactor(day), random);
    List<OffsetDateTime> times = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      times.add(day.atTime(rhythm.timeOfDay(random)).atZone(zone).toOffsetDateTime());
    }
    times.sort(Comparator.naturalOrder());
    List<Generated> ratings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int level = level(random, worse);
      String badge = !window.badges().isEmpty() && random.nextDouble() < 0.3
          ? window.badges().get(random.nextInt(window.badges().size())) : null;
      String comment = comment(level, random);
      boolean realName = level <= 2 && random.nextBoolean();
      String channel = channel(random);
      ratings.add(new Generated(window.code(), level, channel, badge, comment,
          realName ? FAMILY[random.nextInt(FAMILY.length)] + "先生" : null,
          realName ? "139" + String.format("%08d", random.nextInt(100_000_000)) : null,
          "demo-" + window.code() + "-" + DAY.format(day) + "-" + (i + 1), times.get(i)));
    }
    return ratings;
  }

  private int level(SplittableRandom random, boolean worse) {
    double bad = worse ? settings.worseBadShare() : settings.badShare();
    double x = random.nextDouble();
    if (x < bad) {
      return x < bad / 3 ? 1 : 2;
    }
    double y = random.nextDouble();
    if (worse) {
      return y < 0.40 ? 5 : y < 0.72 ? 4 : 3;
    }
    return y < 0.70 ? 5 : y < 0.95 ? 4 : 3;
  }

  private static String comment(int level, SplittableRandom random) {
    if (level <= 2) {
      return BAD[random.nextInt(BAD.length)];
    }
    if (random.nextDouble() >= 0.06) {
      return null;
    }
    return level == 3 ? MILD[random.nextInt(MILD.length)] : PRAISE[random.nextInt(PRAISE.length)];
  }

  /** Paper forms most, then the suggestion box and the hotline. */
  private static String channel(SplittableRandom random) {
    double x = random.nextDouble();
    return x < 0.7 ? "FORM" : x < 0.85 ? "BOX" : "HOTLINE";
  }
}
