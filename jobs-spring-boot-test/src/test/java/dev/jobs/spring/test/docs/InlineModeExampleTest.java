package dev.jobs.spring.test.docs;

import dev.jobs.spring.test.JobFailedException;
import dev.jobs.spring.test.JobsTest;
import dev.jobs.spring.test.JobsTestHelper;
import dev.jobs.spring.test.JobsTestMode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest
@JobsTest(mode = JobsTestMode.INLINE)
class InlineModeExampleTest {

	@Autowired
	Signup signup;

	@Autowired
	Mailer mailer;

	@Autowired
	JobsTestHelper jobs;

	@Test
	void theEmailIsSentWhenTheSignupCommits() {
		this.signup.register("ada@inline.example", "Ada");

		assertThat(this.mailer.sent()).contains("ada@inline.example");
		assertThat(this.jobs.enqueued()).hasEnqueued("audit").withArgs("sent to ada@inline.example");
	}

	@Test
	void aFailingHandlerFailsTheTest() {
		assertThatExceptionOfType(JobFailedException.class).isThrownBy(() -> this.signup.register("bob@invalid", "Bob"))
			.withMessageContaining("No mailbox at bob@invalid");
	}

}
