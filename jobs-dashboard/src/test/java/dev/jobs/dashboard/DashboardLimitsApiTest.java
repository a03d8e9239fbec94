package dev.jobs.dashboard;

import java.time.Instant;
import java.util.List;

import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The limits panel's API on a node that runs a worker with limits (the test
 * application's): each limit with its use and the jobs waiting on it, names as given.
 */
@SpringBootTest(classes = DashboardTestApplication.class, properties = "jobs.node.concurrency=8")
@AutoConfigureMockMvc
class DashboardLimitsApiTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	JobStore store;

	@Test
	void showsEachLimitInUseOfMaxAndTheJobsWaitingOnIt() throws Exception {
		Instant now = Instant.now();
		// In a queue no node runs, so that they wait.
		this.store.insert(new InsertParams(
				List.of(held("customer:1", now), held("customer:1", now), held("customer:2", now)), now));
		JsonNode limits = new ObjectMapper().readTree(this.mvc.perform(get("/jobs/api/limits"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		assertThat(limits.get("worker").asBoolean()).isTrue();
		assertThat(limits.get("nodeConcurrency").asInt()).isEqualTo(8);
		JsonNode hostile = limit(limits, DashboardTestApplication.HOSTILE_KIND);
		assertThat(hostile.get("type").asString()).isEqualTo("concurrency-per-key");
		assertThat(hostile.get("max").asInt()).isOne();
		assertThat(hostile.get("inUse").asInt()).isZero();
		assertThat(hostile.get("waiting").asLong()).isEqualTo(3);
		JsonNode report = limit(limits, "report");
		assertThat(report.get("type").asString()).isEqualTo("concurrency");
		assertThat(report.get("max").asInt()).isEqualTo(4);
	}

	private static JobInsert held(String key, Instant now) {
		return JobInsert.of("held", DashboardTestApplication.HOSTILE_KIND, "{}", now).withLimitKey(key);
	}

	private static JsonNode limit(JsonNode limits, String kind) {
		for (JsonNode limit : limits.get("limits")) {
			if (limit.get("kind").asString().equals(kind)) {
				return limit;
			}
		}
		throw new AssertionError("No limit of kind " + kind + " in " + limits);
	}

}
