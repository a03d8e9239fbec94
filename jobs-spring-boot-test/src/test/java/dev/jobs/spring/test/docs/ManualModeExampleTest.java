package dev.jobs.spring.test.docs;

import java.time.Duration;
import java.time.Instant;

import dev.jobs.JobEvent;
import dev.jobs.spring.test.DrainOptions;
import dev.jobs.spring.test.DrainResult;
import dev.jobs.spring.test.JobsTest;
import dev.jobs.spring.test.JobsTestHelper;
import dev.jobs.spring.test.JobsTestMode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@JobsTest(mode = JobsTestMode.MANUAL)
class ManualModeExampleTest {

	@Autowired
	Signup signup;

	@Autowired
	Mailer mailer;

	@Autowired
	JobsTestHelper jobs;

	@Test
	void registeringEnqueuesAWelcomeEmail() {
		this.signup.register("ada@example.com", "Ada");

		assertThat(this.jobs.enqueued()).hasEnqueued("send_email")
			.inQueue("emails")
			.withPriority(5)
			.withArgs(new WelcomeEmail("ada@example.com", "Ada"));
		assertThat(this.jobs.enqueued()).hasEnqueued("send_email").withArgsMatchingJson("{\"to\":\"ada@example.com\"}");
		assertThat(this.jobs.enqueued()).hasEnqueued("follow_up")
			.scheduledAround(Instant.now().plus(Duration.ofDays(3)), Duration.ofMinutes(1));
		assertThat(this.jobs.enqueued("send_email", WelcomeEmail.class)).extracting(WelcomeEmail::name)
			.containsExactly("Ada");
		assertThat(this.mailer.sent()).as("nothing runs until the test says so").doesNotContain("ada@example.com");
	}

	@Test
	void drainingRunsTheEmailAndTheJobsItEnqueues() {
		this.signup.register("grace@example.com", "Grace");

		DrainResult ran = this.jobs.drainAll();

		assertThat(ran.kinds()).containsExactlyInAnyOrder("send_email", "audit");
		assertThat(ran.count(JobEvent.Type.COMPLETED)).isEqualTo(2);
		assertThat(this.mailer.sent()).contains("grace@example.com");
	}

	@Test
	void drainingWithScheduledMovesTheClockToTheFollowUp() {
		this.signup.register("linus@example.com", "Linus");

		DrainResult ran = this.jobs.drain(DrainOptions.all().withScheduled());

		assertThat(ran.kinds()).contains("follow_up");
		assertThat(this.mailer.sent()).contains("follow-up linus@example.com");
	}

	@Test
	void performRunsOneHandlerWithoutStoringTheJob() {
		JobEvent outcome = this.jobs.perform("send_email", new WelcomeEmail("x@invalid", "X"));

		assertThat(outcome.type()).isEqualTo(JobEvent.Type.RETRIED);
		assertThat(outcome.error().error()).contains("No mailbox at x@invalid");
	}

}
