package dev.jobs.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobFilter;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real headless browser: Debian's chromium through chromedriver,
 * driven by Selenium, against the test application on a random port with a worker
 * running. One browser for the class. Skipped loudly without a browser unless
 * {@code -Djobs.test.browser=required}. Screenshots go to {@code target/screenshots}.
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jobs.dashboard.refresh-interval=300ms", "jobs.poll-interval=200ms",
				"server.servlet.context-path=/app" })
class DashboardBrowserTest {

	static final String REQUIREMENT_PROPERTY = "jobs.test.browser";

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static WebDriver browser;

	private static Path profile;

	@LocalServerPort
	int port;

	@Autowired
	JobDispatcher dispatcher;

	@Autowired
	JobStore store;

	@BeforeAll
	static void startBrowser() throws IOException {
		boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!present) {
			String message = "Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
					+ " (apt-get install -y chromium chromium-driver)";
			if (Boolean.getBoolean(REQUIREMENT_PROPERTY)) {
				throw new IllegalStateException(message + "; -D" + REQUIREMENT_PROPERTY + "=true requires them");
			}
			System.err.println("!!! SKIPPED: " + message);
			Assumptions.abort(message);
		}
		profile = Files.createTempDirectory("jobs-dashboard-chromium");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + profile, "--window-size=1280,900");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.build();
		browser = new ChromeDriver(service, options);
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void cleanStart() {
		DashboardTestApplication.Handlers.failing.set(false);
		List<Job> jobs;
		while (!(jobs = this.store.list(new ListParams(JobFilter.ALL, null, 500))).isEmpty()) {
			this.store.deleteAll(jobs.stream().map(Job::id).toList(), java.time.Instant.now());
			if (jobs.stream().allMatch((job) -> job.state() == JobState.EXECUTING)) {
				break;
			}
		}
		this.store.pausedQueues().forEach((queue) -> this.store.setPaused(queue, false));
		browser.manage().window().setSize(new Dimension(1280, 900));
		signIn("admin");
	}

	@AfterEach
	void stopRefreshing() {
		browser.get("about:blank");
	}

	@Test
	void overviewShowsTheQueuesAndUpdatesWhenAJobCompletes() {
		this.dispatcher.enqueue(JobRequest.of("report", Map.of()).queue("reports"));
		open("#/");
		By completed = By.cssSelector("#queues tr[data-queue='default'] td[data-state='completed']");
		String before = waitUntil((driver) -> driver.findElement(completed).getText());
		this.dispatcher.enqueue("report", Map.of("month", "2030-01"));
		waitUntil((driver) -> !driver.findElement(completed).getText().equals(before));
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("queues"), "reports"));
		assertThat(browser.findElements(By.cssSelector("#chart polyline.completed"))).isNotEmpty();
		screenshot("overview");
		browser.manage().window().setSize(new Dimension(400, 860));
		screenshot("overview-phone");
	}

	@Test
	void overviewShowsTheLimitsWithTheirUseAndWaitingJobsAsText() {
		Instant now = Instant.now();
		// In a queue no node runs, so that they wait; their kind's name is markup.
		this.store.insert(new InsertParams(List.of(
				JobInsert.of("held", DashboardTestApplication.HOSTILE_KIND, "{}", now).withLimitKey("<b>key</b>"),
				JobInsert.of("held", DashboardTestApplication.HOSTILE_KIND, "{}", now).withLimitKey("<b>key</b>")),
				now));
		open("#/");
		By hostile = By.cssSelector("#limits tr[data-limit='concurrency-per-key'] td");
		// The page refreshes itself: a row is read whole, and again if it was replaced.
		List<String> hostileRow = waitUntil((driver) -> cells(driver, hostile, "2"));
		assertThat(hostileRow).containsExactly(DashboardTestApplication.HOSTILE_KIND, "running at once, per key",
				"0 / 1", "2");
		assertThat(browser.findElements(By.cssSelector("#limits img, #limits b"))).isEmpty();
		assertThat(((JavascriptExecutor) browser).executeScript("return window.hostile === undefined")).isEqualTo(true);
		List<String> reportRow = waitUntil(
				(driver) -> cells(driver, By.cssSelector("#limits tr[data-kind='report'] td"), "0"));
		assertThat(reportRow).containsExactly("report", "running at once", "0 / 4", "0");
		screenshot("overview-limits");
	}

	@Test
	void filterDiscardedJobsOpenOneSeeItsErrorRetryItAndWatchItComplete() {
		DashboardTestApplication.Handlers.failing.set(true);
		Job job = this.dispatcher.enqueue("charge", Map.of("customer", "zoe"));
		awaitState(job, JobState.DISCARDED);
		open("#/jobs");
		new Select(waitFor(By.cssSelector("#filters select[name='state']"))).selectByValue("discarded");
		browser.findElement(By.id("apply")).click();
		waitUntil(ExpectedConditions.urlContains("state=discarded"));
		click(By.cssSelector("#jobs tr[data-id='" + job.id() + "'] a"));
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#job-errors details"),
				"card declined for zoe"));
		click(By.cssSelector("#job-errors details summary"));
		waitFor(By.cssSelector("#job-errors details[open] pre"));
		screenshot("job-discarded");
		DashboardTestApplication.Handlers.failing.set(false);
		click(By.id("job-retry"));
		confirm();
		waitUntil(ExpectedConditions.textToBe(By.id("job-state"), "completed"));
		// The timeline tells both attempts, each with its node and outcome.
		String node = this.store.find(job.id()).orElseThrow().attemptedBy();
		assertThat(browser.findElement(By.cssSelector("#job-timeline li[data-attempt='1']")).getText())
			.contains("on " + node)
			.contains("failed")
			.contains("card declined for zoe");
		assertThat(browser.findElement(By.cssSelector("#job-timeline li[data-attempt='2']")).getText())
			.contains("on " + node)
			.contains("completed");
		screenshot("job-completed");
	}

	@Test
	void selectAllThatMatchAndRetryThem() {
		DashboardTestApplication.Handlers.failing.set(true);
		List<Job> jobs = List.of(this.dispatcher.enqueue("charge", Map.of("customer", "a")),
				this.dispatcher.enqueue("charge", Map.of("customer", "b")),
				this.dispatcher.enqueue("charge", Map.of("customer", "c")));
		jobs.forEach((job) -> awaitState(job, JobState.DISCARDED));
		DashboardTestApplication.Handlers.failing.set(false);
		open("#/jobs?state=discarded&kind=charge");
		waitFor(By.cssSelector("#jobs tr[data-id='" + jobs.get(0).id() + "']"));
		click(By.id("select-matching"));
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("selection-info"), "All 3 matching"));
		screenshot("jobs-select-all");
		click(By.id("retry-selected"));
		assertThat(waitFor(By.id("confirm-text")).getText()).contains("3 jobs");
		confirm();
		jobs.forEach((job) -> awaitState(job, JobState.COMPLETED));
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "3 of 3"));
	}

	@Test
	void thePageWithItsAssetsWeighsAtMost250Kilobytes() {
		open("#/");
		waitFor(By.cssSelector("#queues"));
		// What the browser loaded for the page itself: the document, its script and its
		// stylesheet, uncompressed; the API's answers are data, not the page.
		Number bytes = (Number) ((JavascriptExecutor) browser).executeScript(
				"return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
						+ ".filter((e) => e.initiatorType !== 'fetch' && e.initiatorType !== 'xmlhttprequest')"
						+ ".reduce((sum, e) => sum + e.decodedBodySize, 0)");
		assertThat(bytes.longValue()).as("bytes of the page and its assets").isPositive().isLessThanOrEqualTo(250_000);
	}

	@Test
	void aHiddenTabStopsRefreshingAndAVisibleOneStartsAgain() {
		open("#/");
		waitFor(By.cssSelector("#queues"));
		JavascriptExecutor page = (JavascriptExecutor) browser;
		page.executeScript("window.apiCalls = 0; const fetch = window.fetch;"
				+ "window.fetch = (...args) => { window.apiCalls++; return fetch(...args); };");
		await().atMost(Duration.ofSeconds(10)).until(() -> apiCalls(page) >= 2);
		setVisibility(page, "hidden");
		waitUntil(ExpectedConditions.textToBe(By.id("live"), "paused while hidden"));
		long hidden = apiCalls(page);
		// Absence can only be watched for a while: ten refresh intervals (300 ms here).
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> apiCalls(page) == hidden);
		setVisibility(page, "visible");
		waitUntil(ExpectedConditions.textToBe(By.id("live"), "live"));
		await().atMost(Duration.ofSeconds(10)).until(() -> apiCalls(page) >= hidden + 2);
	}

	@Test
	void theCronPageShowsEachEntryWithItsScheduleZoneAndTicks() {
		assertThat(this.store.recordCronTick("nightly", Instant.now())).isTrue();
		open("#/cron");
		By nightly = By.cssSelector("#cron tr[data-cron='nightly']");
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(nightly, "0 0 3 * * * (Europe/Paris)"));
		List<WebElement> cells = browser.findElement(nightly).findElements(By.tagName("td"));
		assertThat(cells).extracting(WebElement::getText)
			.startsWith("nightly", "nightly", "default", "0 0 3 * * * (Europe/Paris)");
		assertThat(cells.get(4).getText()).as("last tick").isNotEqualTo("—");
		assertThat(cells.get(5).getText()).as("next tick").isNotEqualTo("—");
	}

	@Test
	void readsInDarkToo() {
		DashboardTestApplication.Handlers.failing.set(true);
		Job job = this.dispatcher.enqueue("charge", Map.of("customer", "dana"));
		awaitState(job, JobState.DISCARDED);
		JavascriptExecutor page = (JavascriptExecutor) browser;
		open("#/job/" + job.id());
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("job-timeline"), "card declined for dana"));
		String light = (String) page.executeScript("return getComputedStyle(document.body).backgroundColor");
		((ChromeDriver) browser).executeCdpCommand("Emulation.setEmulatedMedia",
				Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
		try {
			waitUntil((driver) -> !light
				.equals(page.executeScript("return getComputedStyle(document.body).backgroundColor")));
			assertThat((String) page.executeScript("return getComputedStyle(document.body).backgroundColor"))
				.isEqualTo("rgb(15, 18, 22)");
			click(By.cssSelector("#job-errors details summary"));
			waitFor(By.cssSelector("#job-errors details[open] pre"));
			screenshot("job-dark");
		}
		finally {
			((ChromeDriver) browser).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
		}
	}

	private static long apiCalls(JavascriptExecutor page) {
		return ((Number) page.executeScript("return window.apiCalls")).longValue();
	}

	/**
	 * Tell the page its tab was hidden or shown, as the browser does when the user
	 * switches tabs (a headless browser's only tab is always visible).
	 */
	private static void setVisibility(JavascriptExecutor page, String visibility) {
		page.executeScript("Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => '"
				+ visibility + "'}); document.dispatchEvent(new Event('visibilitychange'));");
	}

	@Test
	void pauseAndResumeAQueue() {
		this.dispatcher.enqueue(JobRequest.of("report", Map.of()).queue("reports"));
		open("#/queues");
		click(By.cssSelector("#queue-actions tr[data-queue='default'] button.pause"));
		confirm();
		waitFor(By.cssSelector("#queue-actions tr[data-queue='default'] button.resume"));
		assertThat(this.store.pausedQueues()).contains("default");
		waitUntil(ExpectedConditions.textToBe(By.cssSelector("#queue-actions tr[data-queue='default'] .paused-cell"),
				"paused"));
		screenshot("queues-paused");
		click(By.cssSelector("#queue-actions tr[data-queue='default'] button.resume"));
		confirm();
		waitFor(By.cssSelector("#queue-actions tr[data-queue='default'] button.pause"));
		assertThat(this.store.pausedQueues()).doesNotContain("default");
	}

	@Test
	void anActionWithoutTheRoleIsRefused() {
		signIn("operator");
		DashboardTestApplication.Handlers.failing.set(true);
		Job job = this.dispatcher.enqueue("charge", Map.of("customer", "olga"));
		awaitState(job, JobState.DISCARDED);
		open("#/job/" + job.id());
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("access-note"), "JOBS_ADMIN"));
		waitUntil((driver) -> !driver.findElement(By.id("job-retry")).isEnabled());
		// The API refuses too, whatever the page shows.
		Object status = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[0];"
				+ "fetch('api/jobs/" + job.id() + "/retry', {method: 'POST', headers: {'X-Jobs-Dashboard': 'action'}})"
				+ ".then((r) => done(r.status))");
		assertThat(((Number) status).intValue()).isEqualTo(403);
		assertThat(this.store.find(job.id()).orElseThrow().state()).isEqualTo(JobState.DISCARDED);
		screenshot("read-only");
	}

	@Test
	void aJobsTagLeadsToTheJobsThatCarryIt() {
		this.store.setPaused("default", true);
		Job tagged = this.dispatcher.enqueue(JobRequest.of("report", Map.of("title", "a")).tags("tenant:42", "import"));
		Job sibling = this.dispatcher.enqueue(JobRequest.of("report", Map.of("title", "b")).tags("tenant:42"));
		Job stranger = this.dispatcher.enqueue(JobRequest.of("report", Map.of("title", "c")).tags("tenant:7"));
		open("#/job/" + tagged.id());
		click(By.linkText("tenant:42"));
		waitUntil(ExpectedConditions.urlContains("tag=tenant%3A42"));
		waitFor(By.cssSelector("#jobs tr[data-id='" + sibling.id() + "']"));
		assertThat(browser.findElements(By.cssSelector("#jobs tr[data-id]")))
			.extracting((row) -> Long.parseLong(row.getAttribute("data-id")))
			.containsExactlyInAnyOrder(tagged.id(), sibling.id());
		WebElement field = browser.findElement(By.cssSelector("#filters input[name='tag']"));
		assertThat(field.getAttribute("value")).isEqualTo("tenant:42");
		field.clear();
		field.sendKeys("tenant:7");
		browser.findElement(By.id("apply")).click();
		waitUntil(ExpectedConditions.urlContains("tag=tenant%3A7"));
		waitUntil((driver) -> driver.findElements(By.cssSelector("#jobs tr[data-id]")).size() == 1);
		waitFor(By.cssSelector("#jobs tr[data-id='" + stranger.id() + "']"));
	}

	@Test
	void hostileArgsRenderAsText() {
		String hostile = "<script>window.hacked=1</script><img src=x onerror=\"window.hacked=2\">";
		this.store.setPaused("default", true);
		Job job = this.dispatcher.enqueue("report", Map.of("title", hostile));
		open("#/jobs?q=" + job.id());
		waitUntil(ExpectedConditions
			.textToBePresentInElementLocated(By.cssSelector("#jobs tr[data-id='" + job.id() + "']"), "<script>"));
		click(By.cssSelector("#jobs tr[data-id='" + job.id() + "'] a"));
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("job-args"),
				"<script>window.hacked=1</script>"));
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("job-args"), "<img src=x onerror="));
		assertThat(browser.findElements(By.cssSelector("main img, main script"))).isEmpty();
		assertThat(((JavascriptExecutor) browser).executeScript("return window.hacked === undefined")).isEqualTo(true);
		screenshot("job-hostile-args");
	}

	private void signIn(String user) {
		// Cookies go with the page's site: forget the last test's session there.
		browser.get("http://localhost:" + this.port + "/app/login");
		browser.manage().deleteAllCookies();
		browser.get("http://localhost:" + this.port + "/app/login");
		waitFor(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys(user);
		browser.findElement(By.cssSelector("button[type='submit']")).click();
		waitUntil((driver) -> !driver.getCurrentUrl().contains("/login"));
	}

	private void open(String hash) {
		browser.get("http://localhost:" + this.port + "/app/jobs/" + hash);
		waitFor(By.cssSelector("main h1"));
	}

	private static void confirm() {
		click(By.id("confirm-yes"));
	}

	/**
	 * Click an element, found again if the page's refresh replaced it meanwhile.
	 */
	private static void click(By locator) {
		waitUntil((driver) -> {
			WebElement element = driver.findElement(locator);
			if (!element.isDisplayed() || !element.isEnabled()) {
				return false;
			}
			element.click();
			return true;
		});
	}

	private void awaitState(Job job, JobState state) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.store.find(job.id()).map(Job::state).orElse(null) == state);
	}

	private static WebElement waitFor(By locator) {
		return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	/**
	 * The texts of the cells, once the last one reads as expected; {@code null} (wait on)
	 * before.
	 */
	private static @Nullable List<String> cells(WebDriver driver, By cells, String last) {
		List<String> texts = driver.findElements(cells).stream().map(WebElement::getText).toList();
		return (!texts.isEmpty() && texts.get(texts.size() - 1).equals(last)) ? texts : null;
	}

	private static <T> T waitUntil(java.util.function.Function<? super WebDriver, T> condition) {
		try {
			return new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
				.until(condition);
		}
		catch (TimeoutException ex) {
			screenshot("failed-" + System.currentTimeMillis());
			throw ex;
		}
	}

	private static void screenshot(String name) {
		try {
			Files.write(SCREENSHOTS.resolve(name + ".png"),
					((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot save screenshot " + name, ex);
		}
	}

}
