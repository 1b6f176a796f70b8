package vn.phieukin.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver (never Selenium Manager, which
 * would download a browser), with a fresh profile, a 1280×800 viewport in every tab, and
 * screenshots saved under target/screenshots/.
 */
final class Chromium implements AutoCloseable {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;
    private final WebDriverWait wait;

    /** Why the browser tests cannot run here, or null when they can. */
    static String missing() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            return "Chromium or chromedriver absent (" + BROWSER + ", " + DRIVER
                    + "): install Debian's chromium and chromium-driver to run the browser tests (.ci/run does)";
        }
        return null;
    }

    Chromium() throws IOException {
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        profile = Files.createTempDirectory("phieukin-chromium-");
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,800",
                "--user-data-dir=" + profile, "--lang=vi-VN",
                // the test server's CA is not in this profile's trust store; for this test only
                "--ignore-certificate-errors",
                // tablets in background tabs must keep polling as a tablet in a delegate's hand does
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows");
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        viewport();
    }

    /** Opens a new tab on {@code url} and returns its handle. */
    String newTab(String url) {
        driver.switchTo().newWindow(WindowType.TAB);
        viewport();
        driver.get(url);
        return driver.getWindowHandle();
    }

    /** The first tab, on {@code url}. */
    String firstTab(String url) {
        driver.get(url);
        return driver.getWindowHandle();
    }

    void on(String tab) {
        driver.switchTo().window(tab);
        viewport();
    }

    private int width = 1280;
    private int height = 800;

    private void viewport() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** This tab (and tabs opened or switched to from now on) at {@code width}×{@code height}. */
    void viewport(int width, int height) {
        this.width = width;
        this.height = height;
        viewport();
    }

    /** Waits until the element's textContent (hidden parts included, unlike its text) contains {@code text}. */
    void waitContent(String css, String text) {
        wait.until(d -> {
            Object content = js("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
            return content != null && content.toString().contains(text);
        });
    }

    /** Opens the console in the first tab and logs in as the test server's admin. */
    void consoleAsAdmin(String base) {
        firstTab(base + "/console/");
        type("#login-user", "admin");
        type("#login-pass", ServerUnderTest.ADMIN_PASSWORD);
        click("#login-submit");
        waitText("main", "Đợt rà soát");
    }

    /**
     * Waits as long as {@code seconds} for {@code condition}. A page that re-renders (a poll, an
     * event) replaces the elements the condition looked up: a stale element means "not yet", ask again.
     */
    void waitUntil(int seconds, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(seconds))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> condition.get());
    }

    /** Cuts (or restores) this tab's network, as a dropped Wi-Fi would. */
    void offline(boolean off) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", off, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until the element's text contains {@code text}; returns the element. */
    WebElement waitText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return driver.findElement(By.cssSelector(css));
    }

    void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    /** Clicks the button (or link) whose visible text is exactly {@code text}, inside {@code scope}. */
    void clickText(String scope, String text) {
        wait.until(d -> d.findElements(By.cssSelector(scope + " button, " + scope + " a")).stream()
                .filter(e -> e.isDisplayed() && e.isEnabled() && e.getText().strip().equals(text))
                .findFirst().map(e -> {
                    e.click();
                    return true;
                }).orElse(false));
    }

    String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** What the screen (the viewport) shows. */
    Path shot(String name) throws IOException {
        Map<String, Object> answer = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
        return save(name, (String) answer.get("data"));
    }

    /** The whole page, as wide as the viewport, as tall as its content. */
    Path fullShot(String name) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                .get("cssContentSize");
        double tall = Math.max(height, ((Number) size.get("height")).doubleValue());
        Map<String, Object> answer = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", tall, "scale", 1)));
        return save(name, (String) answer.get("data"));
    }

    private Path save(String name, String base64) throws IOException {
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, Base64.getDecoder().decode(base64));
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
