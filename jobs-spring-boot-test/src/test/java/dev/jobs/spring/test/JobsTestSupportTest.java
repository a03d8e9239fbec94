package dev.jobs.spring.test;

import dev.jobs.JobDispatcher;
import dev.jobs.spring.test.docs.ExampleApplication;
import dev.jobs.spring.test.docs.Signup;
import dev.jobs.spring.test.docs.WelcomeEmail;
import dev.jobs.spring.handler.JobHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The test support's edges on H2, in manual mode: failures that say what was wrong, the
 * drain's cap, a {@code @Transactional} test, and no engine thread.
 */
@SpringBootTest(classes = { ExampleApplication.class, JobsTestSupportTest.Looping.class })
@JobsTest
class JobsTestSupportTest {

	@Autowired
	Signup signup;

	@Autowired
	JobDispatcher dispatcher;

	@Autowired
	JobsTestHelper jobs;

	@Test
	void anAssertionThatFailsListsTheJobsItLookedAt() {
		this.signup.register("ada@support.example", "Ada");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.jobs.enqueued()).hasEnqueued("send_email").inQueue("default"))
			.withMessageContaining("Expected a job of kind 'send_email' in queue 'default'")
			.withMessageContaining("queue=emails");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.jobs.enqueued()).hasNotEnqueued("follow_up"))
			.withMessageContaining("Expected no job of kind 'follow_up'");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.jobs.enqueued()).hasEnqueued("send_email")
				.withArgsMatchingJson("{\"to\":\"someone@else\"}"))
			.withMessageContaining("ada@support.example");
		assertThat(this.jobs.enqueued()).hasEnqueued("send_email")
			.withArgsSatisfying(WelcomeEmail.class, (email) -> email.name().equals("Ada"))
			.times(1);
	}

	@Test
	void eachTestStartsWithNoEnqueuedJobs() {
		assertThat(this.jobs.enqueued()).hasNoneEnqueued();
	}

	@Test
	void anEndlessChainFailsTheDrainClearly() {
		this.dispatcher.enqueue("loop", new Round(0));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.jobs.drain(DrainOptions.all().limit(20)))
			.withMessageContaining("Drained more than 20 jobs")
			.withMessageContaining("loop");
	}

	@Test
	@Transactional
	void aTransactionalTestSeesWhatItEnqueuedAndCannotDrainIt() {
		this.signup.register("grace@support.example", "Grace");
		assertThat(this.jobs.enqueued()).hasEnqueued("send_email").withArgsMatchingJson("{\"name\":\"Grace\"}");
		assertThatIllegalStateException().isThrownBy(this.jobs::drainAll).withMessageContaining("@Transactional");
	}

	@Test
	void noEngineThreadRunsInManualMode() {
		assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
			.noneMatch((name) -> name.startsWith("jobs-producer") || name.startsWith("jobs-heartbeat")
					|| name.startsWith("jobs-completer"));
	}

	@TestConfiguration
	@Import(LoopHandler.class)
	static class Looping {

	}

	record Round(int number) {
	}

	static class LoopHandler {

		private final JobDispatcher jobs;

		LoopHandler(JobDispatcher jobs) {
			this.jobs = jobs;
		}

		@JobHandler("loop")
		void loop(Round round) {
			this.jobs.enqueue("loop", new Round(round.number() + 1));
		}

	}

}
