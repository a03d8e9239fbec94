package dev.jobs.spring.test;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.jobs.JobEvent;
import dev.jobs.spring.test.docs.ExampleApplication;
import dev.jobs.spring.test.docs.Mailer;
import dev.jobs.spring.test.docs.Signup;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Inline mode on each database: jobs run on the enqueuing thread once the caller's
 * transaction commits, never before and never after a rollback.
 */
@SpringBootTest(classes = ExampleApplication.class)
@JobsTest(mode = JobsTestMode.INLINE)
abstract class AbstractInlineModeDatabaseTest {

	@Autowired
	Signup signup;

	@Autowired
	Mailer mailer;

	@Autowired
	JobsTestHelper jobs;

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
	void theJobsRunWhenTheTransactionCommitsAndNotBefore() {
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		transaction.executeWithoutResult((status) -> {
			this.signup.register("ada@inline-db.example", "Ada");
			assertThat(this.mailer.sent()).as("before commit").doesNotContain("ada@inline-db.example");
		});

		assertThat(this.mailer.sent()).contains("ada@inline-db.example");
		assertThat(this.jobs.enqueued()).hasEnqueued("audit").withArgs("sent to ada@inline-db.example");
		assertThat(this.mailer.sent()).as("not due yet").doesNotContain("follow-up ada@inline-db.example");
	}

	@Test
	void aRolledBackTransactionRunsNothing() {
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		transaction.executeWithoutResult((status) -> {
			this.signup.register("bob@inline-db.example", "Bob");
			status.setRollbackOnly();
		});

		assertThat(this.mailer.sent()).doesNotContain("bob@inline-db.example");
		assertThat(this.jobs.enqueued()).hasNoneEnqueued();
	}

	@Test
	void aFailingHandlerFailsTheCommitWithItsError() {
		assertThatExceptionOfType(JobFailedException.class)
			.isThrownBy(() -> this.signup.register("grace@invalid", "Grace"))
			.withMessageContaining("No mailbox at grace@invalid")
			.extracting((ex) -> ex.outcome().type())
			.isEqualTo(JobEvent.Type.RETRIED);
	}

}
