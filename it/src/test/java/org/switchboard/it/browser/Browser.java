package org.switchboard.it.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium (Debian's {@code chromium}) driven by the system's {@code chromedriver}, with
 * a fresh profile each time. Selenium Manager is never asked: both binaries are given, as it cannot
 * download anything here. {@code .ci/run} installs both packages when they are missing.
 */
final class Browser implements AutoCloseable {

  /** How long a page may take to show what a test waits for. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Path profile;
  private final ChromeDriver driver;

  Browser() {
    Path chromium = Path.of(System.getProperty("switchboard.it.chromium", "/usr/bin/chromium"));
    Path chromedriver =
        Path.of(System.getProperty("switchboard.it.chromedriver", "/usr/bin/chromedriver"));
    if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
      throw new IllegalStateException(
          "The browser tests need Chromium and its driver: apt-get install chromium chromium-driver"
              + " (looked for "
              + chromium
              + " and "
              + chromedriver
              + ")");
    }
    try {
      profile = Files.createTempDirectory("switchboard-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty("webdriver.chrome.driver", chromedriver.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1500",
        "--user-data-dir=" + profile);
    // the console (the SDK logs the events it skips) is read back when a wait times out
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).build();
    driver = new ChromeDriver(service, options);
  }

  WebDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /** Waits until the condition holds on the page, then returns its value. */
  <T> T waitFor(String what, Function<WebDriver, T> condition) {
    // the pages re-render lists as they change, so an element found may be replaced at once
    try {
      return new WebDriverWait(driver, PATIENCE)
          .withMessage(what)
          .ignoring(StaleElementReferenceException.class)
          .until(condition);
    } catch (TimeoutException e) {
      screenshot("failure-" + System.currentTimeMillis());
      throw new AssertionError(
          "Not "
              + what
              + " within "
              + PATIENCE.toSeconds()
              + " s; the page shows:\n"
              + pageText()
              + "\nits console:\n"
              + console(),
          e);
    }
  }

  /** Waits until the element matching {@code css} exists and shows exactly {@code text}. */
  void waitForText(String css, String text) {
    waitFor(
        css + " shows \"" + text + "\"",
        d ->
            d.findElements(By.cssSelector(css)).stream()
                .anyMatch(e -> e.isDisplayed() && e.getText().trim().equals(text)));
  }

  private String pageText() {
    try {
      return driver.findElement(By.tagName("body")).getText();
    } catch (RuntimeException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** What the page wrote to its console since the last call. */
  private String console() {
    try {
      return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .map(LogEntry::toString)
          .collect(Collectors.joining("\n"));
    } catch (RuntimeException e) {
      return "(unreadable: " + e + ")";
    }
  }

  void select(String css, String visibleText) {
    new Select(find(css)).selectByVisibleText(visibleText);
  }

  /** Saves a screenshot as {@code target/screenshots/<name>.png}; returns its path. */
  Path screenshot(String name) {
    try {
      Path directory = Path.of("target", "screenshots");
      Files.createDirectories(directory);
      Path file = directory.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temporary profile is harmless
      }
    }
  }
}
