package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import dev.jobs.Job;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What only the JDBC store does, on every dialect: enqueue on the caller's connection,
 * inside the caller's transaction or on its own. Every store's behaviour is in the store
 * contract ({@code dev.jobs.store.JobStoreContractTest}), run on each database as well.
 */
abstract class AbstractJdbcJobStoreTest {

	static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	protected abstract DataSource dataSource();

	protected abstract JdbcJobStore store();

	@BeforeEach
	void emptyTables() {
		StoreTables.empty(dataSource(), store());
	}

	@Test
	void enqueueInTheCallersTransactionCommitsAndRollsBackWithIt() throws SQLException {
		try (Connection connection = dataSource().getConnection()) {
			connection.setAutoCommit(false);
			JdbcJobStore transactional = JdbcJobStore.builder(dataSource())
				.schema(store().schema())
				.tablePrefix(store().tablePrefix())
				.migrate(false)
				.connectionProvider(new CallerConnection(connection))
				.build();
			Job rolledBack = transactional.insert(new InsertParams(List.of(JobInsert.of("q", "a", "{}", T0)), T0))
				.get(0);
			connection.rollback();
			assertThat(store().find(rolledBack.id())).isEmpty();
			Job committed = transactional.insert(new InsertParams(List.of(JobInsert.of("q", "b", "{}", T0)), T0))
				.get(0);
			assertThat(store().find(committed.id())).as("not visible before commit").isEmpty();
			connection.commit();
			assertThat(store().find(committed.id())).isPresent();
			assertThat(connection.isClosed()).as("the caller's connection stays open").isFalse();
			assertThat(connection.getAutoCommit()).isFalse();
		}
	}

	@Test
	void enqueueOnAnAutoCommitConnectionCommitsByItself() throws SQLException {
		try (Connection connection = dataSource().getConnection()) {
			JdbcJobStore store = JdbcJobStore.builder(dataSource())
				.schema(store().schema())
				.tablePrefix(store().tablePrefix())
				.migrate(false)
				.connectionProvider(new CallerConnection(connection))
				.build();
			List<Job> jobs = store.insert(new InsertParams(List.of(JobInsert.of("q", "a", "{}", T0),
					unique(JobInsert.of("q", "b", "{}", T0), "k", UniqueStrategy.IGNORE),
					unique(JobInsert.of("q", "c", "{}", T0), "k", UniqueStrategy.REPLACE)), T0));
			assertThat(connection.getAutoCommit()).isTrue();
			assertThat(store().findAll(jobs.stream().map(Job::id).toList())).hasSize(2);
		}
	}

	@Test
	void enqueueCommitsOnAPoolWhoseConnectionsHaveAutoCommitOff() throws SQLException {
		DataSource manualCommit = (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					Object result = method.invoke(dataSource(), args);
					if (result instanceof Connection connection) {
						connection.setAutoCommit(false);
					}
					return result;
				});
		JdbcJobStore store = JdbcJobStore.builder(manualCommit)
			.schema(store().schema())
			.tablePrefix(store().tablePrefix())
			.migrate(false)
			.build();
		Job job = store.insert(new InsertParams(List.of(JobInsert.of("q", "a", "{}", T0)), T0)).get(0);
		assertThat(store().find(job.id())).as("committed by the store on its own connection").isPresent();
	}

	static JobInsert unique(JobInsert job, String key, UniqueStrategy strategy) {
		return new JobInsert(job.queue(), job.kind(), job.args(), job.priority(), job.maxAttempts(), job.scheduledAt(),
				key, strategy, job.timeout());
	}

	/**
	 * Hands out one connection and never closes it, as a transaction manager does.
	 */
	record CallerConnection(Connection connection) implements ConnectionProvider {

		@Override
		public Connection getConnection(DataSource dataSource) {
			return this.connection;
		}

		@Override
		public void releaseConnection(Connection connection, DataSource dataSource) {
		}

	}

}
