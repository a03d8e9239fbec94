package dev.jobs.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.jobs.jdbc.JdbcJobStore;
import dev.jobs.store.JobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boots the sample on a random port (H2 in memory) and drives it over HTTP, as a user
 * would with curl.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:sample-e2e;DB_CLOSE_DELAY=-1", "jobs.poll-interval=100ms",
				"jobs.stager.interval=100ms", "sample.image-step-time=10ms", "sample.crm-retry-delay=100ms",
				"sample.customer-sync-time=100ms" })
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationEndToEndTest {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private JobStore store;

	@Autowired
	private CustomerCrmSync customerSync;

	@Test
	void registersAUserAndSendsTheWelcomeEmailInTheBackground(CapturedOutput output) throws Exception {
		HttpResponse<String> registered = post("/api/register", "{\"email\":\"ada@example.com\",\"name\":\"Ada\"}");
		assertThat(registered.statusCode()).isEqualTo(201);
		JsonNode body = this.json.readTree(registered.body());
		long userId = body.get("user").get("id").asLong();
		long jobId = body.get("welcomeJobId").asLong();
		awaitJobState(jobId, "completed");
		JsonNode user = this.json.readTree(get("/api/users/" + userId).body());
		assertThat(user.get("welcomedAt").isNull()).isFalse();
		JsonNode job = this.json.readTree(get("/actuator/jobs/" + jobId).body());
		assertThat(job.get("kind").asString()).isEqualTo("send_email");
		assertThat(job.get("queue").asString()).isEqualTo("emails");
		assertThat(job.get("args").get("to").asString()).isEqualTo("ada@example.com");
		// The handler's lines name the job; the completion is logged at info here.
		await().atMost(PATIENCE)
			.untilAsserted(
					() -> assertThat(output.getOut()).contains("[job send_email #" + jobId + " attempt 1 on emails]")
						.contains("Job completed kind=send_email id=" + jobId + " queue=emails attempt=1"));
	}

	@Test
	void refusesATakenEmailWithoutASecondWelcomeEmail() throws Exception {
		assertThat(post("/api/register", "{\"email\":\"grace@example.com\",\"name\":\"Grace\"}").statusCode())
			.isEqualTo(201);
		assertThat(post("/api/register", "{\"email\":\"grace@example.com\",\"name\":\"Grace again\"}").statusCode())
			.isEqualTo(409);
		JsonNode emails = this.json.readTree(get("/actuator/jobs/emails/all?limit=100").body()).get("jobs");
		assertThat(
				emails.valueStream().filter((job) -> job.get("args").get("to").asString().equals("grace@example.com")))
			.hasSize(1);
	}

	@Test
	void processesAnImageOnTheImagesQueue() throws Exception {
		HttpResponse<String> accepted = post("/api/images",
				"{\"imageUrl\":\"https://example.com/cat.png\",\"operations\":[{\"op\":\"resize\",\"width\":640,"
						+ "\"height\":480},{\"op\":\"grayscale\"}]}");
		assertThat(accepted.statusCode()).isEqualTo(202);
		JsonNode enqueued = this.json.readTree(accepted.body());
		assertThat(enqueued.get("queue").asString()).isEqualTo("images");
		awaitJobState(enqueued.get("jobId").asLong(), "completed");
	}

	@Test
	void resizesAnUploadIntoThreeSizesThenRunsReadyWithTheirResults() throws Exception {
		HttpResponse<String> accepted = post("/api/images/uploads", "{\"imageUrl\":\"https://example.com/dog.png\"}");
		assertThat(accepted.statusCode()).isEqualTo(202);
		long workflowId = this.json.readTree(accepted.body()).get("workflowId").asLong();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "completed".equals(this.json.readTree(get("/actuator/jobs/" + workflowId).body())
				.get("workflow")
				.get("state")
				.asString()));
		JsonNode workflow = this.json.readTree(get("/actuator/jobs/" + workflowId).body()).get("workflow");
		assertThat(workflow.get("steps")).hasSize(4);
		long ready = 0;
		for (JsonNode step : workflow.get("steps")) {
			if (step.get("name").asString().equals("ready")) {
				ready = step.get("jobId").asLong();
			}
		}
		JsonNode result = this.json.readTree(get("/actuator/jobs/" + ready).body()).get("result");
		assertThat(result).hasSize(3);
		assertThat(result.get(0).get("url").asString()).isEqualTo("https://example.com/dog-160.png");
	}

	@Test
	void retriesTheFailingCrmSyncThenDiscardsItWithItsErrors() throws Exception {
		long jobId = this.json.readTree(post("/api/crm/sync", "").body()).get("jobId").asLong();
		awaitJobState(jobId, "discarded");
		JsonNode job = this.json.readTree(get("/actuator/jobs/" + jobId).body());
		assertThat(job.get("attempt").asInt()).isEqualTo(3);
		assertThat(job.get("errors")).hasSize(3);
		assertThat(job.get("errors").get(2).get("error").asString())
			.isEqualTo("java.lang.IllegalStateException: CRM at crm.example.com is unreachable (attempt 3 of 3)");
	}

	@Test
	void syncsEachCustomerToTheCrmOneAtATime() throws Exception {
		List<Long> jobIds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			jobIds.add(this.json.readTree(post("/api/customers/41/crm-sync", "").body()).get("jobId").asLong());
			jobIds.add(this.json.readTree(post("/api/customers/42/crm-sync", "").body()).get("jobId").asLong());
		}
		for (long jobId : jobIds) {
			awaitJobState(jobId, "completed");
		}
		assertThat(this.customerSync.mostAtOnce(41)).isOne();
		assertThat(this.customerSync.mostAtOnce(42)).isOne();
		JsonNode limits = this.json.readTree(get("/actuator/jobs").body()).get("limits").get("kinds");
		assertThat(limits).singleElement().satisfies((limit) -> {
			assertThat(limit.get("kind").asString()).isEqualTo("sync_customer");
			assertThat(limit.get("type").asString()).isEqualTo("concurrency-per-key");
			assertThat(limit.get("max").asInt()).isOne();
		});
	}

	@Test
	void showsQueuesAndHealthOnTheActuator() throws Exception {
		assertThat(this.store).as("jobs are stored in the application's database").isInstanceOf(JdbcJobStore.class);
		HttpResponse<String> overview = get("/actuator/jobs");
		assertThat(overview.statusCode()).isEqualTo(200);
		JsonNode jobs = this.json.readTree(overview.body());
		assertThat(jobs.get("running").asBoolean()).isTrue();
		assertThat(jobs.get("queues").propertyNames()).contains("default", "emails", "images");
		assertThat(jobs.get("queues").get("images").get("concurrencyOnThisNode").asInt()).isEqualTo(2);
		assertThat(get("/actuator/jobs/999999").statusCode()).isEqualTo(404);
		JsonNode health = this.json.readTree(get("/actuator/health").body());
		assertThat(health.get("components").get("jobs").get("status").asString()).isEqualTo("UP");
	}

	@Test
	void writeOperationsNeedTheJobsAdminRole() throws Exception {
		assertThat(send("POST", "/actuator/jobs/images/pause", null).statusCode()).isEqualTo(401);
		assertThat(send("POST", "/actuator/jobs/images/pause", "operator:operator").statusCode()).isEqualTo(403);
		assertThat(send("DELETE", "/actuator/jobs/images/available", "operator:operator").statusCode()).isEqualTo(403);
		assertThat(send("POST", "/actuator/jobs/images/pause", "admin:wrong").statusCode()).isEqualTo(401);
		assertThat(this.json.readTree(get("/actuator/jobs").body()).get("pausedQueues")).isEmpty();

		assertThat(send("POST", "/actuator/jobs/images/pause", "admin:admin").statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(get("/actuator/jobs").body()).get("pausedQueues").get(0).asString())
			.isEqualTo("images");
		assertThat(send("POST", "/actuator/jobs/images/resume", "admin:admin").statusCode()).isEqualTo(200);
	}

	@Test
	void servesTheDashboardToAllAndItsActionsToNoOneAnonymous() throws Exception {
		HttpResponse<String> page = get("/jobs/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>");
		JsonNode overview = this.json.readTree(get("/jobs/api/overview").body());
		assertThat(overview.get("queues").toString()).contains("\"name\":\"default\"", "\"name\":\"images\"");

		assertThat(send("POST", "/jobs/api/queues/images/pause", null).statusCode()).isEqualTo(403);
		assertThat(this.json.readTree(get("/actuator/jobs").body()).get("pausedQueues")).isEmpty();
	}

	@Test
	void aBadRequestToTheEndpointSaysWhatWasWrongAndWhatToDo() throws Exception {
		HttpResponse<String> answer = send("POST", "/actuator/jobs/images/stop", "admin:admin");

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(answer.body()).get("message").asString())
			.isEqualTo("Unknown action 'stop' on a queue; use \"pause\" or \"resume\"");
	}

	private HttpResponse<String> send(String method, String path, String credentials) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (credentials != null) {
			request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
				.encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private void awaitJobState(long jobId, String state) {
		await().atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(
					() -> assertThat(this.json.readTree(get("/actuator/jobs/" + jobId).body()).get("state").asString())
						.isEqualTo(state));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
