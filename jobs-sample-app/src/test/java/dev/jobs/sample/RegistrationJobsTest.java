package dev.jobs.sample;

import dev.jobs.spring.test.DrainResult;
import dev.jobs.spring.test.JobsTest;
import dev.jobs.spring.test.JobsTestHelper;
import dev.jobs.spring.test.JobsTestMode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sample's registration through MockMvc in manual mode: the welcome email is enqueued
 * with the user, and runs when the test drains its queue.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:sample-jobs-test;DB_CLOSE_DELAY=-1")
@JobsTest(mode = JobsTestMode.MANUAL)
class RegistrationJobsTest {

	@Autowired
	WebApplicationContext context;

	@Autowired
	JobsTestHelper jobs;

	@Test
	void registeringEnqueuesTheWelcomeEmailAndDrainingSendsIt() throws Exception {
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).build();
		mvc.perform(post("/api/register").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"ada@example.com\",\"name\":\"Ada\"}")).andExpect(status().isCreated());

		assertThat(this.jobs.enqueued()).hasEnqueued("send_email")
			.inQueue("emails")
			.withArgsMatchingJson("{\"to\":\"ada@example.com\",\"name\":\"Ada\"}");

		DrainResult ran = this.jobs.drain("emails").assertAllCompleted();
		assertThat(ran.kinds()).containsExactly("send_email");
	}

}
