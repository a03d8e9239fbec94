package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.Completion;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.PruneParams;
import dev.jobs.store.RescueParams;
import dev.jobs.store.StageParams;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrading a version 1 schema that holds a job in every state to the latest version:
 * every later migration runs, and the jobs keep their data and go on through their
 * lifecycle (claim, stage, rescue, complete, retry, prune, unique keys). Each dialect
 * runs it on its own database in a subclass.
 */
abstract class AbstractSchemaUpgradeTest {

	static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	static final String QUEUE = "upgrade";

	/**
	 * The states a version 1 schema stores (codes 0 to 6); later states came with later
	 * migrations.
	 */
	static final List<JobState> VERSION_1_STATES = List.of(JobState.AVAILABLE, JobState.EXECUTING, JobState.COMPLETED,
			JobState.RETRYABLE, JobState.DISCARDED, JobState.CANCELLED, JobState.SCHEDULED);

	abstract DataSource dataSource();

	abstract Dialect dialect();

	/**
	 * The schema (on MariaDB, the database) the test's tables go in.
	 * @return its name
	 */
	abstract String schema();

	@Test
	void jobsInEveryStateOfVersion1KeepWorkingAfterTheLaterMigrations() throws SQLException {
		Tables tables = Tables.of(dialect(), schema(), "");
		SchemaSetup.flyway(dataSource(), tables).target("1").load().migrate();
		Map<JobState, Long> ids = insertOneJobInEachState(tables);

		JdbcJobStore store = JdbcJobStore.builder(dataSource()).schema(schema()).build();

		MigrationInfo[] migrations = SchemaSetup.flyway(dataSource(), tables).load().info().all();
		assertThat(migrations).isNotEmpty()
			.allSatisfy((migration) -> assertThat(migration.getState().isApplied()).isTrue());
		for (JobState state : VERSION_1_STATES) {
			Job job = store.find(ids.get(state)).orElseThrow();
			assertThat(job.state()).isEqualTo(state);
			assertThat(job.kind()).isEqualTo("kind-" + state.code());
			assertThat(job.args()).isEqualTo("{\"state\": \"" + state + "\"}");
			assertThat(job.uniqueKey()).isEqualTo("key-" + state.code());
			assertThat(job.timeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(job.errors()).hasSize(state == JobState.AVAILABLE ? 0 : 1);
		}

		Instant later = T0.plus(Duration.ofHours(2));
		List<Job> first = store.fetch(new FetchParams(QUEUE, 10, "node-b", later));
		assertThat(first).extracting(Job::id).containsExactly(ids.get(JobState.AVAILABLE));
		store.heartbeat("node-b", later);
		assertThat(store.rescue(new RescueParams(later, later, 10))).extracting(Job::id)
			.containsExactly(ids.get(JobState.EXECUTING));
		assertThat(store.stage(new StageParams(later, 10)).staged()).isEqualTo(3);
		List<Job> second = store.fetch(new FetchParams(QUEUE, 10, "node-b", later));
		assertThat(second).extracting(Job::id)
			.containsExactlyInAnyOrder(ids.get(JobState.RETRYABLE), ids.get(JobState.SCHEDULED),
					ids.get(JobState.EXECUTING));
		List<Completion> completions = Stream.concat(first.stream(), second.stream())
			.map((job) -> Completion.completed(job, later))
			.toList();
		assertThat(store.complete(completions)).isEqualTo(4);

		assertThat(store.retry(ids.get(JobState.DISCARDED), later)).map(Job::state).contains(JobState.AVAILABLE);
		// The retried job holds its key again, and a new job with that key is turned
		// away.
		JobInsert sameKey = new JobInsert(QUEUE, "kind-4", "{}", 0, 3, later, "key-4", UniqueStrategy.IGNORE, null);
		assertThat(store.insert(new InsertParams(List.of(sameKey), later))).extracting(Job::id)
			.containsExactly(ids.get(JobState.DISCARDED));

		Instant farFuture = later.plus(Duration.ofDays(365));
		assertThat(store.prune(new PruneParams(farFuture, farFuture, farFuture, farFuture, 100)))
			.as("five completed and one cancelled")
			.isEqualTo(6);
		assertThat(store.find(ids.get(JobState.COMPLETED))).isEmpty();
		assertThat(store.find(ids.get(JobState.CANCELLED))).isEmpty();
		assertThat(store.find(ids.get(JobState.DISCARDED))).isPresent();
	}

	/**
	 * Insert with version 1's columns, as a database upgraded from version 1 holds them:
	 * the scheduled and retryable jobs are due an hour after T0, the executing one
	 * belongs to a node with no heartbeat.
	 */
	private Map<JobState, Long> insertOneJobInEachState(Tables tables) throws SQLException {
		String json = dialect().jsonParameter();
		String sql = "INSERT INTO " + tables.jobs() + " (queue, kind, args, state, priority, attempt, max_attempts, "
				+ "inserted_at, scheduled_at, attempted_at, attempted_by, finished_at, errors, unique_key, timeout_ms, "
				+ "cancel_requested) VALUES (?, ?, " + json + ", ?, 0, ?, 3, ?, ?, ?, ?, ?, " + json
				+ ", ?, 30000, false)";
		Map<JobState, Long> ids = new EnumMap<>(JobState.class);
		try (Connection connection = dataSource().getConnection();
				PreparedStatement insert = connection.prepareStatement(sql, new String[] { "id" })) {
			for (JobState state : VERSION_1_STATES) {
				boolean ran = state != JobState.AVAILABLE && state != JobState.SCHEDULED;
				boolean finished = state.isFinal();
				Instant due = (state == JobState.RETRYABLE || state == JobState.SCHEDULED) ? T0.plusSeconds(3600) : T0;
				insert.setString(1, QUEUE);
				insert.setString(2, "kind-" + state.code());
				insert.setString(3, "{\"state\": \"" + state + "\"}");
				insert.setInt(4, state.code());
				insert.setInt(5, ran ? 1 : 0);
				dialect().setInstant(insert, 6, T0);
				dialect().setInstant(insert, 7, due);
				dialect().setInstant(insert, 8, ran ? T0 : null);
				insert.setString(9, ran ? "node-a" : null);
				dialect().setInstant(insert, 10, finished ? T0 : null);
				insert.setString(11, (state == JobState.AVAILABLE) ? "[]"
						: "[{\"attempt\":1,\"at\":\"2026-03-01T10:00:00Z\",\"error\":\"boom\",\"trace\":null}]");
				insert.setString(12, "key-" + state.code());
				insert.executeUpdate();
				try (var keys = insert.getGeneratedKeys()) {
					keys.next();
					ids.put(state, keys.getLong(1));
				}
			}
		}
		return ids;
	}

}
