package dev.jobs.dashboard;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobError;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.store.Completion;
import dev.jobs.store.FetchParams;
import dev.jobs.store.JobFilter;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import dev.jobs.store.StageParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every API call of the dashboard against a real store, on an application secured as the
 * sample app is. No worker runs ({@code jobs.worker.enabled=false}): the tests move jobs
 * through the store themselves, so every state is exactly as they set it.
 */
@SpringBootTest(classes = DashboardTestApplication.class, properties = "jobs.worker.enabled=false")
@AutoConfigureMockMvc
abstract class AbstractDashboardApiTest {

	private static final ObjectMapper json = new ObjectMapper();

	@Autowired
	MockMvc mvc;

	@Autowired
	JobStore store;

	@Autowired
	JobDispatcher dispatcher;

	@Autowired
	Clock clock;

	private MockHttpSession session;

	private Map<String, String> csrf;

	@BeforeEach
	void signIn() throws Exception {
		// One context for the class: every test starts from an empty table.
		List<Job> jobs;
		while (!(jobs = this.store.list(new ListParams(JobFilter.ALL, null, 500))).isEmpty()) {
			// Executing jobs cannot be deleted: a test that leaves one would stall this
			// loop.
			assertThat(this.store.deleteAll(jobs.stream().map(Job::id).toList(), java.time.Instant.now()).changed())
				.as("jobs deleted of %s: a test left a job executing", jobs)
				.isPositive();
		}
		this.store.pausedQueues().forEach((queue) -> this.store.setPaused(queue, false));
		this.session = new MockHttpSession();
		JsonNode session = read(this.mvc.perform(get("/jobs/api/session").session(this.session))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		this.csrf = Map.of(session.get("csrf").get("header").asString(), session.get("csrf").get("token").asString());
	}

	@Test
	void servesThePageAndItsAssetsAtItsPath() throws Exception {
		assertThat(this.mvc.perform(get("/jobs"))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getHeader(HttpHeaders.LOCATION)).isEqualTo("jobs/");
		String page = this.mvc.perform(get("/jobs/"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("assets/app.js").doesNotContain("src=\"/").doesNotContain("http");
		this.mvc.perform(get("/jobs/assets/app.js")).andExpect(status().isOk());
		this.mvc.perform(get("/jobs/assets/app.css")).andExpect(status().isOk());
		this.mvc.perform(get("/jobs/assets/secret.properties")).andExpect(status().isNotFound());
	}

	@Test
	void overviewShowsQueuesWithCountsNodesAndTheLastHour() throws Exception {
		discarded("charge", "alice");
		this.dispatcher.enqueue(JobRequest.of("report", Map.of()).queue("reports"));
		this.store.heartbeat("node-1", this.clock.instant());
		JsonNode overview = getJson("/jobs/api/overview");
		assertThat(overview.get("queues").findValuesAsString("name")).contains("default", "reports");
		JsonNode reports = queue(overview, "reports");
		assertThat(reports.get("counts").get("available").asLong()).isOne();
		assertThat(queue(overview, "default").get("counts").get("discarded").asLong()).isOne();
		assertThat(queue(overview, "default").get("failedLastMinute").asLong()).isOne();
		assertThat(overview.get("minutes")).hasSize(60);
		assertThat(overview.get("nodes").findValuesAsString("id")).contains("node-1");
		assertThat(overview.get("access").get("actions").asBoolean()).isFalse();
	}

	@Test
	void limitsAreShownOnlyByNodesThatRunAWorker() throws Exception {
		JsonNode limits = getJson("/jobs/api/limits");
		assertThat(limits.get("worker").asBoolean()).isFalse();
		assertThat(limits.get("limits")).isEmpty();
	}

	@Test
	void listsFilteredJobsNewestFirstByKeyset() throws Exception {
		Job first = discarded("charge", "alice");
		Job second = discarded("charge", "bob");
		this.dispatcher.enqueue("report", Map.of());
		JsonNode page = getJson("/jobs/api/jobs?state=discarded&kind=charge&limit=1");
		assertThat(page.get("jobs").findValues("id").stream().map(JsonNode::asLong)).containsExactly(second.id());
		JsonNode next = getJson("/jobs/api/jobs?state=discarded&kind=charge&limit=1&before=" + page.get("nextBefore"));
		assertThat(next.get("jobs").findValues("id").stream().map(JsonNode::asLong)).containsExactly(first.id());
		JsonNode text = getJson("/jobs/api/jobs?q=ALICE");
		assertThat(text.get("jobs").findValues("id").stream().map(JsonNode::asLong)).containsExactly(first.id());
		JsonNode count = getJson("/jobs/api/jobs/count?state=discarded");
		assertThat(count.get("count").asLong()).isEqualTo(2);
		assertThat(count.get("upToId").asLong()).isEqualTo(second.id());
	}

	@Test
	void refusesABadFilterWithAMessageThatNamesIt() throws Exception {
		String body = this.mvc.perform(get("/jobs/api/jobs?state=lost"))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(body).contains("Unknown job state 'lost'").contains("discarded");
		this.mvc.perform(get("/jobs/api/jobs?from=yesterday")).andExpect(status().isBadRequest());
		this.mvc.perform(get("/jobs/api/jobs?limit=0")).andExpect(status().isBadRequest());
	}

	@Test
	void showsOneJobWithItsErrors() throws Exception {
		Job job = discarded("charge", "alice");
		JsonNode view = getJson("/jobs/api/jobs/" + job.id());
		assertThat(view.get("state").asString()).isEqualTo("discarded");
		assertThat(view.get("errors").get(0).get("error").asString()).contains("card declined");
		assertThat(view.get("attemptsLeft").asInt()).isZero();
		this.mvc.perform(get("/jobs/api/jobs/" + Long.MAX_VALUE)).andExpect(status().isNotFound());
	}

	@Test
	void showsEveryAttemptWithItsNodeStartDurationAndOutcome() throws Exception {
		Job job = this.dispatcher.enqueue(JobRequest.of("charge", Map.of()).queue("timeline").maxAttempts(3));
		Instant start = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Job first = claim("timeline", "node-a", start);
		this.store.complete(List.of(Completion.retry(first, start.plusSeconds(2), start.plusSeconds(2),
				JobError.of(first, start.plusSeconds(2), new IllegalStateException("gateway timeout")))));
		this.store.stage(new StageParams(start.plusSeconds(3), 100));
		Job second = claim("timeline", "node-b", start.plusSeconds(4));
		this.store.complete(List.of(Completion.completed(second, start.plusMillis(5500), null)));

		JsonNode attempts = getJson("/jobs/api/jobs/" + job.id()).get("attempts");
		assertThat(attempts).hasSize(2);
		assertAttempt(attempts.get(0), 1, "node-a", start, 2000, "failed");
		assertThat(attempts.get(0).get("error").asString()).contains("gateway timeout");
		assertAttempt(attempts.get(1), 2, "node-b", start.plusSeconds(4), 1500, "completed");
		assertThat(attempts.get(1).get("error").isNull()).isTrue();
	}

	@Test
	void showsTheRunningAttemptAndTheOneThatDiscardedTheJob() throws Exception {
		Job running = this.dispatcher.enqueue(JobRequest.of("charge", Map.of()).queue("running"));
		Instant start = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Job claimed = claim("running", "node-a", start);
		assertAttempt(getJson("/jobs/api/jobs/" + running.id()).get("attempts").get(0), 1, "node-a", start, -1,
				"running");
		this.store.complete(List.of(Completion.completed(claimed, start.plusSeconds(1), null)));
		Job discarded = discarded("charge", "bob");
		JsonNode last = getJson("/jobs/api/jobs/" + discarded.id()).get("attempts").get(0);
		assertThat(last.get("outcome").asString()).isEqualTo("discarded");
		assertThat(last.get("node").asString()).isEqualTo("test-node");
		assertThat(last.get("error").asString()).contains("card declined for bob");
	}

	private Job claim(String queue, String node, Instant at) {
		List<Job> claimed = this.store.fetch(new FetchParams(queue, 1, node, at));
		assertThat(claimed).as("the claim on %s at %s", queue, at).hasSize(1);
		return claimed.get(0);
	}

	private static void assertAttempt(JsonNode attempt, int number, String node, Instant start, long millis,
			String outcome) {
		assertThat(attempt.get("attempt").asInt()).isEqualTo(number);
		assertThat(attempt.get("node").asString()).isEqualTo(node);
		assertThat(Instant.parse(attempt.get("startedAt").asString())).isEqualTo(start);
		if (millis >= 0) {
			assertThat(attempt.get("durationMillis").asLong()).isEqualTo(millis);
		}
		else {
			assertThat(attempt.get("durationMillis").isNull()).as("the duration of a running attempt").isTrue();
		}
		assertThat(attempt.get("outcome").asString()).isEqualTo(outcome);
	}

	@Test
	void showsAJobsTagsAndLimitKeyAndFindsItByTag() throws Exception {
		Job job = this.dispatcher
			.enqueue(JobRequest.of("report", Map.of()).queue("reports").tags("tenant:42").limitKey("customer:7"));
		this.dispatcher.enqueue(JobRequest.of("report", Map.of()).queue("reports").tags("tenant:43"));

		JsonNode view = getJson("/jobs/api/jobs/" + job.id());
		assertThat(view.get("tags").get(0).asString()).isEqualTo("tenant:42");
		assertThat(view.get("limitKey").asString()).isEqualTo("customer:7");
		assertThat(view.get("result").isNull()).isTrue();
		JsonNode page = getJson("/jobs/api/jobs?tag=tenant:42");
		assertThat(page.get("jobs")).hasSize(1);
		assertThat(page.get("jobs").get(0).get("id").asLong()).isEqualTo(job.id());
	}

	@Test
	void retriesCancelsAndDeletesOneJobAsAdmin() throws Exception {
		Job job = discarded("charge", "alice");
		assertThat(action("/jobs/api/jobs/" + job.id() + "/retry", "admin", null).get("changed").asInt()).isOne();
		assertThat(state(job)).isEqualTo(JobState.AVAILABLE);
		assertThat(action("/jobs/api/jobs/" + job.id() + "/cancel", "admin", null).get("changed").asInt()).isOne();
		assertThat(state(job)).isEqualTo(JobState.CANCELLED);
		assertThat(action("/jobs/api/jobs/" + job.id() + "/delete", "admin", null).get("changed").asInt()).isOne();
		assertThat(this.store.find(job.id())).isEmpty();
		this.mvc.perform(actionRequest("/jobs/api/jobs/" + job.id() + "/retry", "admin", null))
			.andExpect(status().isNotFound());
	}

	@Test
	void retriesChosenJobsAndAllThatMatchAFilter() throws Exception {
		Job a = discarded("charge", "a");
		Job b = discarded("charge", "b");
		Job c = discarded("charge", "c");
		JsonNode chosen = action("/jobs/api/jobs/bulk", "admin", Map.of("action", "retry", "ids", List.of(a.id())));
		assertThat(chosen.get("changed").asInt()).isOne();
		JsonNode all = action("/jobs/api/jobs/bulk", "admin",
				Map.of("action", "retry", "filter", Map.of("state", "discarded"), "upToId", b.id()));
		assertThat(all.get("changed").asInt()).isOne();
		assertThat(List.of(state(a), state(b), state(c))).containsExactly(JobState.AVAILABLE, JobState.AVAILABLE,
				JobState.DISCARDED);
		JsonNode cancelled = action("/jobs/api/jobs/bulk", "admin",
				Map.of("action", "cancel", "filter", Map.of("kind", "charge"), "upToId", c.id()));
		assertThat(cancelled.get("changed").asInt()).isEqualTo(2);
		JsonNode deleted = action("/jobs/api/jobs/bulk", "admin",
				Map.of("action", "delete", "ids", List.of(a.id(), b.id(), c.id())));
		assertThat(deleted.get("changed").asInt()).isEqualTo(3);
	}

	@Test
	void pausesResumesAndClearsAQueue() throws Exception {
		this.dispatcher.enqueue(JobRequest.of("report", Map.of()).queue("reports"));
		action("/jobs/api/queues/reports/pause", "admin", null);
		assertThat(this.store.pausedQueues()).contains("reports");
		assertThat(queue(getJson("/jobs/api/overview"), "reports").get("paused").asBoolean()).isTrue();
		action("/jobs/api/queues/reports/resume", "admin", null);
		assertThat(this.store.pausedQueues()).doesNotContain("reports");
		assertThat(action("/jobs/api/queues/reports/clear", "admin", null).get("changed").asInt()).isOne();
	}

	@Test
	void refusesActionsWithoutTheRoleTheTokenOrTheHeader() throws Exception {
		Job job = discarded("charge", "alice");
		String anonymous = this.mvc.perform(actionRequest("/jobs/api/jobs/" + job.id() + "/retry", null, null))
			.andExpect(status().isForbidden())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(anonymous).contains("JOBS_ADMIN");
		this.mvc.perform(actionRequest("/jobs/api/jobs/" + job.id() + "/retry", "operator", null))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(post("/jobs/api/jobs/" + job.id() + "/retry").header(HttpHeaders.AUTHORIZATION, basic("admin"))
				.header(DashboardController.ACTION_HEADER, "action"))
			.andExpect(status().isForbidden());
		MockHttpServletRequestBuilder noHeader = post("/jobs/api/jobs/" + job.id() + "/retry").session(this.session)
			.header(HttpHeaders.AUTHORIZATION, basic("admin"));
		this.csrf.forEach(noHeader::header);
		this.mvc.perform(noHeader).andExpect(status().isForbidden());
		assertThat(state(job)).isEqualTo(JobState.DISCARDED);
	}

	@Test
	void listsCronEntriesOnlyWhereAWorkerRuns() throws Exception {
		assertThat(getJson("/jobs/api/cron")).isEmpty();
	}

	/**
	 * Enqueue a job and fail its only attempt.
	 */
	Job discarded(String kind, String customer) {
		Job job = this.dispatcher.enqueue(JobRequest.of(kind, Map.of("customer", customer)).maxAttempts(1));
		Instant now = this.clock.instant();
		List<Job> claimed = this.store.fetch(new FetchParams(job.queue(), 100, "test-node", now));
		for (Job running : claimed) {
			Completion completion = running.id() == job.id() ? Completion.discard(running, now,
					new JobError(1, now, "java.lang.IllegalStateException: card declined for " + customer,
							"java.lang.IllegalStateException: card declined\n\tat Billing.charge(Billing.java:7)"))
					: Completion.release(running, now);
			this.store.complete(List.of(completion));
		}
		return this.store.find(job.id()).orElseThrow();
	}

	private JobState state(Job job) {
		return this.store.find(job.id()).orElseThrow().state();
	}

	private static JsonNode queue(JsonNode overview, String name) {
		for (JsonNode queue : overview.get("queues")) {
			if (queue.get("name").asString().equals(name)) {
				return queue;
			}
		}
		throw new AssertionError("No queue " + name + " in " + overview);
	}

	private JsonNode getJson(String path) throws Exception {
		return read(this.mvc.perform(get(path).session(this.session))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	private JsonNode action(String path, String user, Object body) throws Exception {
		return read(this.mvc.perform(actionRequest(path, user, body))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	private MockHttpServletRequestBuilder actionRequest(String path, String user, Object body) throws Exception {
		MockHttpServletRequestBuilder request = post(path).session(this.session)
			.header(DashboardController.ACTION_HEADER, "action")
			.contentType(MediaType.APPLICATION_JSON)
			.content(json.writeValueAsString((body != null) ? body : Map.of()));
		this.csrf.forEach(request::header);
		if (user != null) {
			request.header(HttpHeaders.AUTHORIZATION, basic(user));
		}
		return request;
	}

	private static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
	}

	private static JsonNode read(String body) {
		return json.readTree(body);
	}

}
