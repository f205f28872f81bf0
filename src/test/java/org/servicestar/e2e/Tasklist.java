package org.servicestar.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Camunda Tasklist as a person uses it: the filters, the task list, a task's Camunda Form (form-js)
 * found by its Chinese labels, claim and complete. Locators are visible texts and Tasklist's stable
 * class names and links, never positions.
 */
final class Tasklist {

  static final String PATH = "/camunda/app/tasklist/default/";
  private static final By FORM = By.cssSelector("[cam-tasklist-form] form.fjs-form");
  private static final By DISABLED_FORM = By.cssSelector("[cam-tasklist-form] .disabled-form");

  private final Browser browser;
  private String openTask;

  Tasklist(Browser browser) {
    this.browser = browser;
  }

  /** Opens Tasklist and waits until its filters are shown. */
  Tasklist open() {
    browser.open(PATH);
    browser.visible(By.cssSelector(".task-filter h4.name a"));
    return this;
  }

  /** The names of the filters the person has. */
  List<String> filters() {
    return browser.readAll(By.cssSelector(".task-filter h4.name a"), a -> a.getText().replaceAll("\\s*\\(?\\d+\\)?$", "").trim());
  }

  /** Clicks a filter by its Chinese name and waits until it is the active one. */
  Tasklist filter(String name) {
    browser.click(By.xpath("//*[contains(@class,'task-filter')]//h4/a[starts-with(normalize-space(),'" + name + "')]"));
    browser.visible(By.xpath("//*[contains(@class,'task-filter') and contains(@class,'active')]//h4/a[starts-with(normalize-space(),'"
        + name + "')]"));
    return this;
  }

  private static By link(String taskId) {
    return By.cssSelector(".tasks-list li.task h4 a[href='#/?task=" + taskId + "']");
  }

  /** Waits until the list shows the task (the list refreshes on its own after a filter click). */
  Tasklist shows(String taskId) {
    browser.visible(link(taskId));
    return this;
  }

  /** The ids of the tasks in the list shown now. */
  List<String> taskIds() {
    return browser.readAll(By.cssSelector(".tasks-list li.task h4 a"), a -> a.getDomAttribute("href").replace("#/?task=", ""));
  }

  /** Waits until the list is empty (Tasklist says so). */
  Tasklist showsNoTasks() {
    browser.waitForText("没有符合过滤条件的任务");
    return this;
  }

  /** Clicks the task in the list and waits for its form. */
  Tasklist task(String taskId) {
    openTask = taskId;
    browser.click(link(taskId));
    browser.visible(FORM);
    return this;
  }

  /** Opens a task by its address (as the link in a mail does) and waits for its form. */
  Tasklist taskByUrl(String taskId) {
    openTask = taskId;
    browser.open(PATH + "#/?task=" + taskId);
    browser.visible(FORM);
    return this;
  }

  /** Claims the open task and waits until its form can be filled. */
  Tasklist claim() {
    browser.click(By.cssSelector("button.claim"));
    browser.until(d -> d.findElements(DISABLED_FORM).isEmpty());
    return this;
  }

  private static String field(String label) {
    return "//*[contains(@class,'fjs-form-field')][./label[starts-with(normalize-space(),'" + label + "')]]";
  }

  /** Picks a radio option or ticks a checkbox by its visible label. */
  Tasklist choose(String optionLabel) {
    browser.click(By.xpath("//form[contains(@class,'fjs-form')]//label[normalize-space()='" + optionLabel + "']"));
    return this;
  }

  /** Picks the option with this label in every row of a list (a ballot: 赞成 for each nominee). */
  Tasklist chooseEvery(String optionLabel) {
    String options = "//form[contains(@class,'fjs-form')]//label[normalize-space()='" + optionLabel + "']";
    browser.visible(By.xpath(options));
    // form-js re-renders the list after each choice: each option is found again by its position, not kept
    int count = browser.all(By.xpath(options)).size();
    for (int i = 1; i <= count; i++) {
      browser.click(By.xpath("(" + options + ")[" + i + "]"));
    }
    return this;
  }

  /** What the form's fields with this label show (one per row in a list): inputs keep their text out of the page's text. */
  List<String> values(String label) {
    browser.visible(By.xpath(field(label) + "//input"));
    return browser.readAll(By.xpath(field(label) + "//input"), i -> i.getDomProperty("value"));
  }

  /** The visible texts of the form's elements matching a CSS selector (an HTML view's parts, a table's rows). */
  List<String> texts(String css) {
    By by = By.cssSelector("[cam-tasklist-form] form.fjs-form " + css);
    browser.visible(by);
    return browser.readAll(by, WebElement::getText);
  }

  /** Those of the elements matching a CSS selector whose text does not fit their box (cut off, as in a narrow field). */
  List<String> cutOff(String css) {
    return browser.readAll(By.cssSelector("[cam-tasklist-form] form.fjs-form " + css),
        e -> Boolean.TRUE.equals(browser.script("return arguments[0].scrollWidth > arguments[0].clientWidth", e)) ? e.getText() : "")
        .stream().filter(t -> !t.isEmpty()).toList();
  }

  /** Where the form's links with this text lead (their href as written, e.g. a relative path into the app). */
  List<String> links(String text) {
    By by = By.xpath("//form[contains(@class,'fjs-form')]//a[normalize-space()='" + text + "']");
    browser.visible(by);
    return browser.readAll(by, a -> a.getDomAttribute("href"));
  }

  /** Types into the text field or text area with the label. */
  Tasklist write(String label, String text) {
    WebElement input = browser.visible(By.xpath(field(label) + "//*[self::textarea or self::input]"));
    browser.scrollTo(input);
    input.clear();
    input.sendKeys(text);
    return this;
  }

  /** A form-js date field: typed as its placeholder asks (yyyy-mm-dd, whatever the browser's language), confirmed with Enter. */
  Tasklist date(String label, LocalDate day) {
    // the date field's label sits one level deeper than the other fields'
    WebElement input = browser.visible(By.xpath("//*[contains(@class,'fjs-form-field-datetime')][.//label[starts-with(normalize-space(),'"
        + label + "')]]//input"));
    browser.scrollTo(input);
    input.clear();
    assertThat(input.getAttribute("placeholder")).as("the date field asks for an ISO date").isEqualTo("yyyy-mm-dd");
    input.sendKeys(day.toString(), Keys.ENTER);
    return this;
  }

  /** A form-js select (a drop-down list, not a native select): opens it and picks the option. */
  Tasklist select(String label, String optionLabel) {
    browser.click(By.xpath(field(label) + "//*[contains(@class,'fjs-input-group')]"));
    browser.click(By.xpath(field(label) + "//*[contains(@class,'fjs-dropdownlist-item')][normalize-space()='" + optionLabel + "']"));
    return this;
  }

  /** Clicks 保存: Tasklist keeps the form's draft in the browser (localStorage) until 完成. */
  Tasklist save() {
    browser.click(By.cssSelector("button[ng-click='save($event)']"));
    return this;
  }

  /** Clicks 完成 on an answer that will be refused: the task stays in the list. */
  void completeRefused() {
    browser.click(By.cssSelector("button.btn-primary[ng-click='complete()']"));
  }

  /** Closes Tasklist's notifications (an error stays until closed, over the 完成 button). */
  Tasklist dismissNotifications() {
    for (WebElement close : browser.all(By.cssSelector("button.close[ng-click='removeNotification(notification)']"))) {
      close.click();
    }
    return this;
  }

  /** Clicks 完成 and waits until the task has left the list (Tasklist shows no message that stays). */
  void complete() {
    // Under load Tasklist sometimes takes a click on 完成 while it is still settling the form it
    // re-rendered after 认领, and sends nothing (no request reached the server, no message, the form
    // valid): a person clicks again, and so does this, twice at most, keeping a screenshot each time.
    for (int attempt = 1; ; attempt++) {
      browser.click(By.cssSelector("button.btn-primary[ng-click='complete()']"));
      if (browser.within(java.time.Duration.ofSeconds(attempt < 3 ? 30 : 120), d -> d.findElements(link(openTask)).isEmpty())) {
        return;
      }
      browser.shot("complete-not-taken-" + attempt + "-" + openTask);
      if (attempt == 3) {
        throw new AssertionError("Tasklist did not complete task " + openTask + " after three clicks on 完成");
      }
    }
  }
}
