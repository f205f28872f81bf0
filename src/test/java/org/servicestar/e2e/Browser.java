package org.servicestar.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's headless Chromium (Debian's, never a downloaded one) against the running app, in
 * Chinese, with the few moves every path needs: log in once, wait for a condition, take a
 * screenshot into {@code target/e2e/}. Each person gets their own browser, so sessions never mix.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of(System.getProperty("e2e.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("e2e.chromedriver", "/usr/bin/chromedriver"));
  static final Path SHOTS = Path.of("target", "e2e");
  /** Generous: the machine is shared, and Tasklist loads a few megabytes of scripts at first. */
  private static final Duration PATIENCE = Duration.ofSeconds(150);

  private static final AtomicInteger FAILURES = new AtomicInteger();

  final WebDriver driver;
  private final String base;
  private final WebDriverWait wait;

  /** Skips the calling test with a clear message when no Chromium is installed. */
  static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Browser tests skipped: no Chromium at " + CHROMIUM + " with chromedriver at " + CHROMEDRIVER
            + " (apt-get install chromium chromium-driver)");
  }

  private Browser(int port, Dimension size) {
    this(port, size, false);
  }

  /** {@code emulatePhone}: Chromium's mobile emulation at {@code size} (touch, a phone's viewport rules), not just a narrow window. */
  private Browser(int port, Dimension size, boolean emulatePhone) {
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
        // the browser's clock in the city's zone, as the users' PCs and phones are
        .withEnvironment(Map.of("TZ", "Asia/Shanghai")).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--lang=zh-CN", "--window-size=" + size.getWidth() + "," + size.getHeight());
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
    if (emulatePhone) {
      options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
          Map.of("width", size.getWidth(), "height", size.getHeight(), "pixelRatio", 2.0, "touch", true)));
    }
    this.driver = new ChromeDriver(service, options);
    this.base = "http://localhost:" + port;
    this.wait = new WebDriverWait(driver, PATIENCE);
  }

  /** A desktop browser (an office PC). */
  static Browser desktop(int port) {
    return new Browser(port, new Dimension(1400, 1100));
  }

  /** A phone-sized browser (a citizen scanning a window's QR code). */
  static Browser phone(int port) {
    return new Browser(port, new Dimension(390, 844));
  }

  /**
   * A unit lead's phone (390 × 844 CSS pixels, as an iPhone 12–14): Chromium's mobile emulation, so
   * the page is laid out at the phone's width with its viewport rules, as on the device.
   */
  static Browser phoneDevice(int port) {
    return new Browser(port, new Dimension(390, 844), true);
  }

  /** The page's width in CSS pixels: at most the window's when nothing scrolls sideways. */
  long scrollWidth() {
    return ((Number) script("return document.documentElement.scrollWidth;")).longValue();
  }

  void open(String path) {
    driver.get(base + path);
  }

  String url() {
    return driver.getCurrentUrl();
  }

  /** Logs in through the app's one login page, as everybody does before Tasklist. */
  Browser login(String user, String password) {
    open("/login");
    type(By.id("username"), user);
    type(By.id("password"), password);
    click(By.cssSelector("form button[type=submit]"));
    until(d -> !d.getCurrentUrl().contains("/login"));
    return this;
  }

  void type(By by, String text) {
    WebElement field = visible(by);
    field.clear();
    field.sendKeys(text);
  }

  void click(By by) {
    until(d -> {
      WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
      if (element == null) {
        return null;
      }
      scrollTo(element);
      try {
        element.click();
        return true;
      } catch (ElementClickInterceptedException | StaleElementReferenceException e) {
        // something lies over it for a moment (Tasklist's footer while the view settles) or it was
        // re-rendered: the click did not happen, so try again
        return null;
      }
    });
  }

  WebElement visible(By by) {
    return until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  String text() {
    return read(By.tagName("body"), WebElement::getText);
  }

  /**
   * Reads what {@code what} takes from the element, found anew on each try: Tasklist and form-js
   * re-render parts of the page, and a submitted form replaces the whole page, so an element found a
   * moment ago may be gone when it is read (StaleElementReferenceException). Like {@link #click}, a
   * read that lands on a vanished element is simply tried again.
   */
  <T> T read(By by, Function<WebElement, T> what) {
    return until(d -> {
      try {
        return what.apply(d.findElement(by));
      } catch (StaleElementReferenceException | NoSuchElementException e) {
        return null;
      }
    });
  }

  /** {@link #read} for every element the locator finds now (possibly none), all read again if one of them vanished. */
  <T> List<T> readAll(By by, Function<WebElement, T> what) {
    return until(d -> {
      try {
        return d.findElements(by).stream().map(what).toList();
      } catch (StaleElementReferenceException e) {
        return null;
      }
    });
  }

  /** Waits until the page's visible text contains every one of the strings. */
  String waitForText(String... expected) {
    until(d -> {
      String body;
      try {
        body = d.findElement(By.tagName("body")).getText();
      } catch (StaleElementReferenceException e) {
        // the page was being replaced (a form's answer arriving) between finding its body and reading it
        return false;
      }
      for (String s : expected) {
        if (!body.contains(s)) {
          return false;
        }
      }
      return true;
    });
    return text();
  }

  /**
   * Clicks a server-rendered form's submit button and waits until the answer has replaced the page:
   * without that, the next wait may read the page being left, which vanishes under it.
   */
  void submit(By button) {
    WebElement page = driver.findElement(By.tagName("html"));
    click(button);
    until(ExpectedConditions.stalenessOf(page));
  }

  /** Waits for the condition; when it never comes, keeps what the browser showed (failed-N.png/.html). */
  <T> T until(Function<? super WebDriver, T> condition) {
    try {
      return wait.until(condition);
    } catch (TimeoutException e) {
      shot("failed-" + FAILURES.incrementAndGet());
      throw e;
    }
  }

  /** Whether the condition comes true within {@code within} (no screenshot when it does not). */
  boolean within(java.time.Duration within, Function<? super WebDriver, Boolean> condition) {
    try {
      return Boolean.TRUE.equals(new WebDriverWait(driver, within).until(condition));
    } catch (TimeoutException e) {
      return false;
    }
  }

  void scrollTo(WebElement element) {
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Saves what the person sees as {@code target/e2e/{name}.png} (and the page's HTML next to it). */
  void shot(String name) {
    try {
      Files.createDirectories(SHOTS);
      File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(SHOTS.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("screenshot " + name, e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
