package dev.jobs.spring.test.docs;

import java.time.Duration;

import dev.jobs.spring.test.JobsTest;
import dev.jobs.spring.test.JobsTestMode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = "jobs.queues.emails.concurrency=2")
@JobsTest(mode = JobsTestMode.RUNNING)
class RunningModeExampleTest {

	@Autowired
	Signup signup;

	@Autowired
	Mailer mailer;

	@Test
	void theEngineSendsTheEmailInTheBackground() {
		this.signup.register("ada@running.example", "Ada");

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.mailer.sent()).contains("ada@running.example"));
	}

}
