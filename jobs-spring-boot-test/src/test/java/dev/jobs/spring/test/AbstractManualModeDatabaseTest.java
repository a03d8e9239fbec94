package dev.jobs.spring.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import dev.jobs.spring.test.docs.ExampleApplication;
import dev.jobs.spring.test.docs.Mailer;
import dev.jobs.spring.test.docs.Signup;
import dev.jobs.spring.test.docs.WelcomeEmail;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Manual mode on each database: assertions on what a committed, a rolled-back and a
 * {@code @Transactional} test enqueued, draining committed jobs, and draining scheduled
 * jobs on the test clock.
 */
@SpringBootTest(classes = ExampleApplication.class)
@JobsTest(mode = JobsTestMode.MANUAL)
abstract class AbstractManualModeDatabaseTest {

	@Autowired
	Signup signup;

	@Autowired
	Mailer mailer;

	@Autowired
	JobsTestHelper jobs;

	@Autowired
	JobStore store;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	DataSource dataSource;

	/**
	 * The database the subclass runs on, as JDBC names it.
	 * @return the product name
	 */
	abstract String databaseProduct();

	@Test
	void runsOnItsDatabase() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo(databaseProduct());
		}
	}

	@Test
	void assertionsSeeTheCommittedJobsAndNothingRuns() {
		this.signup.register("ada@manual.example", "Ada");

		assertThat(this.jobs.enqueued()).hasEnqueued("send_email")
			.inQueue("emails")
			.withPriority(5)
			.withArgs(new WelcomeEmail("ada@manual.example", "Ada"))
			.times(1);
		assertThat(this.jobs.enqueued()).hasEnqueued("follow_up").withArgsMatchingJson("{\"name\":\"Ada\"}");
		assertThat(this.mailer.sent()).doesNotContain("ada@manual.example");
	}

	@Test
	void aRolledBackTransactionsJobsAreForgottenAndNotStored() {
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		transaction.executeWithoutResult((status) -> {
			this.signup.register("bob@manual.example", "Bob");
			status.setRollbackOnly();
		});

		assertThat(this.jobs.enqueued()).hasNoneEnqueued();
		assertThat(this.store.list(new ListParams("emails", null, null, 1000))).extracting(Job::args)
			.noneMatch((args) -> args.contains("bob@manual.example"));
	}

	@Test
	@Transactional
	void aTransactionalTestSeesWhatItEnqueuedButCannotDrainIt() {
		this.signup.register("grace@manual.example", "Grace");

		assertThat(this.jobs.enqueued()).hasEnqueued("send_email").withArgsMatchingJson("{\"name\":\"Grace\"}");
		assertThatIllegalStateException().isThrownBy(this.jobs::drainAll).withMessageContaining("@Transactional");
	}

	@Test
	void drainingRunsTheCommittedJobsAndTheJobsTheyEnqueue() {
		this.signup.register("linus@manual.example", "Linus");

		DrainResult ran = this.jobs.drain("emails");

		assertThat(ran.kinds()).contains("send_email").doesNotContain("audit");
		assertThat(this.mailer.sent()).contains("linus@manual.example");
		assertThat(this.jobs.drainAll().kinds()).contains("audit");
		assertThat(this.mailer.sent()).doesNotContain("follow-up linus@manual.example");
	}

	@Test
	void drainingWithScheduledMovesTheTestClockToEachDueJob() {
		this.signup.register("barbara@manual.example", "Barbara");
		var before = this.jobs.clock().instant();

		DrainResult ran = this.jobs.drain(DrainOptions.all().withScheduled());

		assertThat(ran.kinds()).contains("send_email", "audit", "follow_up");
		assertThat(ran.count(JobEvent.Type.COMPLETED)).isEqualTo(ran.count());
		assertThat(this.mailer.sent()).contains("follow-up barbara@manual.example");
		assertThat(this.jobs.clock().instant()).isAfter(before.plus(Duration.ofDays(3)).minusSeconds(60));
	}

}
