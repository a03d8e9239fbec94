package dev.jobs.spring.test.web;

import dev.jobs.spring.test.DrainResult;
import dev.jobs.spring.test.JobsTest;
import dev.jobs.spring.test.JobsTestHelper;
import dev.jobs.spring.test.docs.Mailer;
import dev.jobs.store.JobStore;
import dev.jobs.store.memory.MemoryJobStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @JobsTest} in a {@code @WebMvcTest} slice: the slice has no {@code DataSource}
 * and leaves the jobs auto-configuration out, the annotation brings it back on the memory
 * store, in manual mode.
 */
@WebMvcTest(SignupController.class)
@JobsTest
@Import(Mailer.class)
class WebMvcSliceTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	JobsTestHelper jobs;

	@Autowired
	Mailer mailer;

	@Autowired
	JobStore store;

	@Test
	void aRequestEnqueuesTheJobAndTheTestRunsIt() throws Exception {
		this.mvc
			.perform(post("/signups").contentType(MediaType.APPLICATION_JSON)
				.content("{\"to\":\"ada@slice.example\",\"name\":\"Ada\"}"))
			.andExpect(status().isAccepted());

		assertThat(this.store).isInstanceOf(MemoryJobStore.class);
		assertThat(this.jobs.enqueued()).hasEnqueued("send_email")
			.inQueue("emails")
			.withArgsMatchingJson("{\"to\":\"ada@slice.example\"}");
		assertThat(this.mailer.sent()).isEmpty();

		DrainResult ran = this.jobs.drainAll().assertAllCompleted();

		assertThat(ran.kinds()).containsExactly("send_email", "audit");
		assertThat(this.mailer.sent()).containsExactly("ada@slice.example");
	}

}
