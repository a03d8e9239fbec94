package dev.jobs.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.jobs.jdbc.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What follows an enqueue waits for the commit of the Spring transaction it joined: once
 * per transaction and owner, never after a rollback, at once outside a transaction.
 */
class SpringCommitHooksTest {

	@RegisterExtension
	static final H2TestDatabase database = H2TestDatabase.perClass();

	@RegisterExtension
	static final H2TestDatabase other = H2TestDatabase.perClass();

	private final SpringCommitHooks hooks = new SpringCommitHooks(database.dataSource());

	private final DataSourceTransactionManager transactions = new DataSourceTransactionManager(database.dataSource());

	private final List<String> ran = new ArrayList<>();

	@Test
	void runsOnceWhenTheTransactionCommits() {
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			Action first = this.hooks.afterCommit(this, () -> new Action("commit"));
			Action second = this.hooks.afterCommit(this, () -> new Action("not created"));
			assertThat(second).isSameAs(first);
			assertThat(this.ran).isEmpty();
		});

		assertThat(this.ran).containsExactly("commit");
	}

	@Test
	void neverRunsWhenTheTransactionRollsBack() {
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			this.hooks.afterCommit(this, () -> new Action("rolled back"));
			status.setRollbackOnly();
		});

		assertThat(this.ran).isEmpty();
	}

	@Test
	void saysThereIsNoTransactionToWaitForOutsideOne() {
		assertThat(this.hooks.afterCommit(this, () -> new Action("none"))).isNull();

		TransactionTemplate supports = new TransactionTemplate(this.transactions);
		supports.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
		supports.executeWithoutResult(
				(status) -> assertThat(this.hooks.afterCommit(this, () -> new Action("supports"))).isNull());
	}

	@Test
	void saysThereIsNoTransactionToWaitForWhenTheTransactionIsOnAnotherDataSource() {
		new TransactionTemplate(new DataSourceTransactionManager(other.dataSource())).executeWithoutResult(
				(status) -> assertThat(this.hooks.afterCommit(this, () -> new Action("elsewhere"))).isNull());
	}

	@Test
	void whatIsAskedForOnceTheActionRanIsNotDelayed() {
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			this.hooks.afterCommit(this, () -> new Action("first"));
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					SpringCommitHooksTest.this.ran
						.add((SpringCommitHooksTest.this.hooks.afterCommit(SpringCommitHooksTest.this,
								() -> new Action("late")) == null) ? "late, at once" : "late, delayed");
				}

			});
		});

		assertThat(this.ran).containsExactly("first", "late, at once");
	}

	@Test
	void anInnerNewTransactionRunsItsOwnActionWhenItCommits() {
		TransactionTemplate requiresNew = new TransactionTemplate(this.transactions);
		requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		new TransactionTemplate(this.transactions).executeWithoutResult((outer) -> {
			Action outerAction = this.hooks.afterCommit(this, () -> new Action("outer"));
			requiresNew
				.executeWithoutResult((inner) -> assertThat(this.hooks.afterCommit(this, () -> new Action("inner")))
					.isNotSameAs(outerAction));
			assertThat(this.ran).containsExactly("inner");
		});

		assertThat(this.ran).containsExactly("inner", "outer");
	}

	private final class Action implements Runnable {

		private final String name;

		Action(String name) {
			this.name = name;
		}

		@Override
		public void run() {
			SpringCommitHooksTest.this.ran.add(this.name);
		}

	}

}
