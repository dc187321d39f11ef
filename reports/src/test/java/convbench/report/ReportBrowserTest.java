package convbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import convbench.results.FileTrees;
import convbench.results.ResultIO;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The report as a reader sees it: built from recorded result files (one in the current format,
 * with statistics, and the verification file), opened from disk in headless Chromium at 1400 px.
 * Expected numbers are computed here from the JSON files themselves, never by the report code.
 * Without Chromium the test is skipped, unless CI=true, where a missing browser is a failure.
 * Screenshots: {@code reports/target/report-browser/first-screen.png} and {@code full-page.png}.
 */
class ReportBrowserTest {
    static final int WIDTH = 1400;
    static final Path OUT = Path.of("target", "report-browser").toAbsolutePath();
    static ChromeDriver driver;
    static JsonNode bench;
    static JsonNode verification;
    static String answers;
    static Path profile;
    static List<String> oldFileProblems;
    /** Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools"),
            java.util.logging.Logger.getLogger("org.openqa.selenium.chromium"));

    static String chromium() {
        return System.getenv().getOrDefault("CONVBENCH_CHROMIUM", "/usr/bin/chromium");
    }

    static String chromedriver() {
        return System.getenv().getOrDefault("CONVBENCH_CHROMEDRIVER", "/usr/bin/chromedriver");
    }

    @BeforeAll
    static void openReport() throws Exception {
        boolean present = Files.isExecutable(Path.of(chromium())) && Files.isExecutable(Path.of(chromedriver()));
        if (!present) {
            String msg = "no browser: " + chromium() + " and " + chromedriver() + " are needed "
                    + "(Debian: apt-get install chromium chromium-driver; ./convbench test installs them when root)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg + "; with CI=true a missing browser is an error, not a skip");
            }
            Assumptions.abort(msg + "; skipped (set CI=true to make this a failure)");
        }
        ObjectMapper json = new ObjectMapper();
        Path stats = ReportWriterTest.resource("bench-results-stats.json");
        Path ver = ReportWriterTest.resource("verification.json");
        bench = json.readTree(stats.toFile());
        verification = json.readTree(ver.toFile());
        Path report = OUT.resolve("report");
        ReportWriter.write(List.of(ResultIO.readResults(stats)), List.of("bench-results-stats.json"),
                ResultIO.readVerification(ver), report);

        // Selenium warns that it has no CDP classes for this Chromium version; the test uses none.
        QUIET.forEach(l -> l.setLevel(Level.SEVERE));
        profile = Files.createTempDirectory("convbench-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + WIDTH + ",1000",
                "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver())).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().window().setSize(new Dimension(WIDTH, 1000));
        // first an older result file (no statistics, six implementations, 157 points): its problems are kept
        Path oldReport = OUT.resolve("report-old-file");
        ReportWriter.write(List.of(ResultIO.readResults(ReportWriterTest.resource("bench-results.json"))),
                List.of("bench-results.json"), ResultIO.readVerification(ver), oldReport);
        driver.get(oldReport.resolve("report.html").toUri().toString());
        oldFileProblems = pageProblems();
        driver.get(report.resolve("report.html").toUri().toString());
        Files.createDirectories(OUT);
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), OUT.resolve("first-screen.png"),
                StandardCopyOption.REPLACE_EXISTING);
        answers = driver.findElement(By.id("answers")).getText();
    }

    @AfterAll
    static void close() throws Exception {
        if (driver == null) {
            return;
        }
        try {
            // full page: the window as tall as the document (width unchanged)
            Number h = (Number) js("return document.documentElement.scrollHeight");
            driver.manage().window().setSize(new Dimension(WIDTH, Math.min(h.intValue() + 100, 30000)));
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), OUT.resolve("full-page.png"),
                    StandardCopyOption.REPLACE_EXISTING);
            // and each section on its own, easier to look at than a 10000-pixel page
            Path sections = Files.createDirectories(OUT.resolve("sections"));
            for (WebElement section : driver.findElements(By.tagName("section"))) {
                Files.copy(section.getScreenshotAs(OutputType.FILE).toPath(),
                        sections.resolve(section.getAttribute("id") + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            driver.quit();
            FileTrees.deleteQuietly(profile);
        }
    }

    static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** What a reader would stumble on in the page now open: undecoded images, overflowing elements, console messages. */
    static List<String> pageProblems() {
        List<String> problems = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object> bad = (List<Object>) js("return Array.from(document.images)"
                + ".filter(i => !i.complete || i.naturalWidth === 0).map(i => 'image not decoded: ' + i.alt)");
        bad.forEach(b -> problems.add(b.toString()));
        @SuppressWarnings("unchecked")
        List<Object> wide = (List<Object>) js("const w = document.documentElement.clientWidth;"
                + "return Array.from(document.querySelectorAll('body *')).filter(e => {"
                + " const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > w + 1 || r.left < -1); })"
                + ".slice(0, 10).map(e => 'wider than the viewport: ' + e.tagName + (e.id ? '#' + e.id : '') + ' '"
                + " + (e.textContent || '').slice(0, 60))");
        wide.forEach(b -> problems.add(b.toString()));
        if (((Number) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue() > 0) {
            problems.add("the page scrolls sideways");
        }
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                problems.add("console: " + e.getLevel() + " " + e.getMessage());
            }
        }
        return problems;
    }

    @Test
    void anOlderResultFileReadsAsWell() {
        assertEquals(List.of(), oldFileProblems, "report of bench-results.json (old format)");
    }

    @Test
    void everySectionIsPresent() {
        for (String id : List.of("answers", "verification", "throughput", "speedups", "documents", "opencl", "roofline",
                "machines", "learners", "header")) {
            List<WebElement> e = driver.findElements(By.id(id));
            assertEquals(1, e.size(), "section " + id);
            assertTrue(e.get(0).isDisplayed(), "section " + id + " visible");
            assertTrue(e.get(0).getText().length() > 40, "section " + id + " has content");
        }
        assertTrue((Boolean) js("return document.getElementById('answers').getBoundingClientRect().top < 200"),
                "the answers are at the top of the page");
    }

    @Test
    void everyImageIsDecoded() {
        @SuppressWarnings("unchecked")
        List<Object> bad = (List<Object>) js("return Array.from(document.images)"
                + ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt)");
        Number n = (Number) js("return document.images.length");
        assertTrue(n.intValue() >= 8, "charts embedded: " + n);
        assertEquals(List.of(), bad, "images not decoded");
    }

    @Test
    void nothingIsWiderThanTheViewport() {
        @SuppressWarnings("unchecked")
        List<Object> wide = (List<Object>) js("const w = document.documentElement.clientWidth;"
                + "return Array.from(document.querySelectorAll('body *')).filter(e => {"
                + " const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > w + 1 || r.left < -1); })"
                + ".slice(0, 10).map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').slice(0, 60))");
        assertEquals(List.of(), wide, "elements wider than the " + WIDTH + " px viewport");
        assertEquals(((Number) js("return document.documentElement.clientWidth")).intValue(),
                ((Number) js("return document.documentElement.scrollWidth")).intValue(), "no horizontal scrolling");
    }

    @Test
    void noConsoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                errors.add(e.getLevel() + " " + e.getMessage());
            }
        }
        assertEquals(List.of(), errors, "browser console");
    }

    // ---- the headline numbers against the input files -----------------------------------------

    /** The stats median (ms) of one point of the input file. */
    static double median(String impl, String problem, String direction) {
        return stat(impl, problem, direction, "median");
    }

    /** A field of a point's stats (median, low, high) in the input file. */
    static double stat(String impl, String problem, String direction, String field) {
        for (JsonNode r : bench.path("results")) {
            if (r.path("impl").asText().equals(impl) && r.path("problem").asText().equals(problem)
                    && r.path("direction").asText().equals(direction) && "ok".equals(r.path("status").asText())) {
                return r.path("stats").path(field).asDouble();
            }
        }
        throw new AssertionError("not in the input file: " + impl + " " + problem + " " + direction);
    }

    static double flops(String problem) {
        for (JsonNode r : bench.path("results")) {
            if (r.path("problem").asText().equals(problem) && r.has("flops")) {
                return r.path("flops").asDouble();
            }
        }
        throw new AssertionError(problem);
    }

    /** The cells of the answers table's row for a layer family, keyed by column header. */
    static Map<String, String> answerRow(String family) {
        WebElement table = driver.findElement(By.cssSelector("#answers table.answers-table"));
        List<String> header = table.findElements(By.tagName("th")).stream().map(WebElement::getText).toList();
        for (WebElement tr : table.findElements(By.tagName("tr"))) {
            List<String> cells = tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            if (!cells.isEmpty() && cells.get(0).startsWith(family + " (")) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < cells.size(); i++) {
                    row.put(header.get(i), cells.get(i));
                }
                return row;
            }
        }
        throw new AssertionError("no row for " + family + " in the answers table:\n" + table.getText());
    }

    /** The first number in {@code text}, within 3 significant digits of expected. */
    static void assertShown(double expected, String text, String what) {
        Matcher m = Pattern.compile("([0-9]+(\\.[0-9]+)?)").matcher(text);
        assertTrue(m.find(), what + ": no number in " + text);
        assertEquals(expected, Double.parseDouble(m.group(1)), Math.abs(expected) * 0.005, what + ": " + text);
    }

    @Test
    void headlineNumbersEqualTheInputFile() {
        String l3 = "mb1ic64ih56oc64oh56kh3ph1";
        double blocked = median("blocked", l3, "forward");
        Map<String, String> row = answerRow("large 3x3");
        assertEquals("blocked (1 of 1)", row.get("fastest"));
        assertShown(flops(l3) / (blocked * 1e6), row.get("best point"), "best GFLOP/s");
        assertTrue(row.get("best point").endsWith("GFLOP/s"), row.get("best point"));
        assertShown(median("naive", l3, "forward") / blocked, row.get("vs naive"), "vs naive");
        assertShown(median("im2col", l3, "forward") / blocked, row.get("vs runner-up"), "vs runner-up");
        assertTrue(row.get("vs runner-up").endsWith("im2col"), row.get("vs runner-up"));
        assertShown(median("nd4j-onednn", l3, "forward") / blocked, row.get("vs peer"), "vs peer");
        double compute = bench.path("ceilings").get(0).path("value").asDouble();
        assertShown(100 * flops(l3) / (blocked * 1e6) / compute, row.get("of the measured roof"), "roof share");

        // small-channel: two problems, factors are geometric means of the two ratios
        String lenet = "mb64ic1ih28oc8oh24kh5", doc = "mb64ic3ih28oc4oh28kh3ph1";
        Map<String, String> sc = answerRow("small-channel");
        assertEquals("blocked (2 of 2)", sc.get("fastest"));
        assertShown(Math.sqrt(median("naive", lenet, "forward") / median("blocked", lenet, "forward")
                * median("naive", doc, "forward") / median("blocked", doc, "forward")), sc.get("vs naive"), "geomean vs naive");
        assertTrue(answerRow("depthwise").get("fastest").startsWith("blocked"));
        assertTrue(answerRow("pooling").get("best point").endsWith("GB/s"), "pooling in GB/s");

        // depthwise: OpenCL's kernels beat blocked, its whole call does not, by construction of the file
        String dw = "mb1g32ic32ih56oc32oh56kh3ph1";
        double cl = median("opencl-direct", dw, "forward");
        double device = point("opencl-direct", dw, "forward").path("openclDeviceMs").asDouble();
        double cpu = median("blocked", dw, "forward");
        assertTrue(device < cpu && cl > cpu, "test file premise");
        assertTrue(answers.contains("on 1 its kernels alone would win but transfers and launch eat the gain "
                + "(mobilenet:dw3x3-32 forward)"), answers);

        // stability: unstable points and all points, counted in the file
        int points = 0, unstable = 0;
        for (JsonNode r : bench.path("results")) {
            if ("ok".equals(r.path("status").asText())) {
                points++;
                unstable += r.path("stats").path("unstable").asBoolean() ? 1 : 0;
            }
        }
        assertTrue(answers.contains(unstable + " of " + points + " points unstable"), answers);

        // verification: passed, and as many wrong statements as ERRATUM fixtures
        JsonNode s = verification.path("summary");
        assertEquals(0, s.path("failed").asInt() + s.path("errors").asInt(), "test file premise");
        int errata = 0;
        for (JsonNode f : verification.path("fixtures")) {
            errata += "ERRATUM".equals(f.path("documentStatus").asText()) ? 1 : 0;
        }
        assertTrue(answers.contains("Verification: passed"), answers);
        assertTrue(answers.contains(errata + " statements of the documents are wrong"), answers);

        // the documents' comparison 17.2.4: document 11.66 / 14.93, here naive / im2col medians
        Matcher m = Pattern.compile("§17\\.2\\.4 numba/im2col ([0-9.]+)x vs ([0-9.]+)x \\[([0-9.]+)x, ([0-9.]+)x\\] "
                + "(holds|does not hold|too close to call)").matcher(answers);
        assertTrue(m.find(), answers);
        assertShown(11.66 / 14.93, m.group(1), "document ratio");
        double here = median("naive", doc, "forward") / median("im2col", doc, "forward");
        assertShown(here, m.group(2), "measured ratio");
        // the ratio's interval: A's low over B's high to A's high over B's low
        double low = stat("naive", doc, "forward", "low") / stat("im2col", doc, "forward", "high");
        double high = stat("naive", doc, "forward", "high") / stat("im2col", doc, "forward", "low");
        assertShown(low, m.group(3), "low end of the ratio");
        assertShown(high, m.group(4), "high end of the ratio");
        String verdict = low <= 1 && high >= 1 ? "too close to call" : here > 1 == 11.66 / 14.93 > 1 ? "holds" : "does not hold";
        assertEquals(verdict, m.group(5));
    }

    @Test
    void openClTimesAreExplained() {
        String opencl = driver.findElement(By.id("opencl")).getText();
        long cachedInFile = 0;
        for (JsonNode r : bench.path("results")) {
            cachedInFile += r.has("openclBuildMs") && r.path("openclBuildMs").asDouble() == 0 ? 1 : 0;
        }
        assertTrue(cachedInFile > 0, "test file premise");
        assertEquals(cachedInFile, Pattern.compile("0 \\(cached\\)").matcher(opencl).results().count(), opencl);
        assertTrue(opencl.contains("Why these differ:"), opencl);
    }

    static JsonNode point(String impl, String problem, String direction) {
        for (JsonNode r : bench.path("results")) {
            if (r.path("impl").asText().equals(impl) && r.path("problem").asText().equals(problem)
                    && r.path("direction").asText().equals(direction)) {
                return r;
            }
        }
        throw new AssertionError(impl + " " + problem);
    }

    @Test
    void noIntervalPrintedLargerThanItsValue() {
        // every "±N%" in the page is below 100%: larger intervals are printed as [low, high]
        Matcher m = Pattern.compile("±([0-9.]+)%").matcher(driver.findElement(By.tagName("body")).getText());
        int n = 0;
        while (m.find()) {
            n++;
            assertTrue(Double.parseDouble(m.group(1)) < 100, m.group());
        }
        assertTrue(n > 10, "intervals shown: " + n);
    }
}
