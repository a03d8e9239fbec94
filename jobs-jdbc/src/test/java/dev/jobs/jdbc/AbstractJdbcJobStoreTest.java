package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import javax.sql.DataSource;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.Completion;
import dev.jobs.store.Dependencies;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobNotifier;
import dev.jobs.store.PruneParams;
import dev.jobs.store.RescueParams;
import dev.jobs.store.StageParams;
import dev.jobs.store.WorkflowStep;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

	@Test
	void aTransactionThatTheDatabaseRollsBackToBreakADeadlockRunsAgain() throws Exception {
		List<Job> rows = store()
			.insert(new InsertParams(List.of(JobInsert.of("q", "a", "{}", T0), JobInsert.of("q", "b", "{}", T0)), T0));
		Jdbc jdbc = new Jdbc(dataSource(), ConnectionProvider.DEFAULT);
		String bump = "UPDATE " + Tables.of(store().dialect(), store().schema(), store().tablePrefix()).jobs()
				+ " SET priority = priority + 1 WHERE id = ?";
		CountDownLatch bothHoldOne = new CountDownLatch(2);
		AtomicInteger tries = new AtomicInteger();
		// Each transaction locks one row, waits until the other holds its row, then
		// wants that one too: the database must roll one of them back.
		Function<List<Job>, Callable<Void>> crossing = (
				order) -> () -> jdbc.transaction("lock two rows", (connection) -> {
					tries.incrementAndGet();
					try (PreparedStatement statement = connection.prepareStatement(bump)) {
						statement.setLong(1, order.get(0).id());
						statement.executeUpdate();
						bothHoldOne.countDown();
						awaitQuietly(bothHoldOne);
						statement.setLong(1, order.get(1).id());
						statement.executeUpdate();
					}
					return null;
				});
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<Void> forward = threads.submit(crossing.apply(rows));
			Future<Void> backward = threads.submit(crossing.apply(List.of(rows.get(1), rows.get(0))));
			forward.get(1, TimeUnit.MINUTES);
			backward.get(1, TimeUnit.MINUTES);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(tries).as("one of the two was rolled back and ran again").hasValue(3);
		assertThat(store().findAll(rows.stream().map(Job::id).toList())).extracting(Job::priority)
			.as("each transaction counted once")
			.containsOnly(rows.get(0).priority() + 2);
	}

	@Test
	void aClaimWhileThePruneIsUncommittedTakesTheAvailableJob() throws Exception {
		Job old = finishedJob();
		Job waiting = available("b");
		Instant later = T0.plus(Duration.ofDays(30));
		List<Job> claimed = whileUncommitted((held) -> held.prune(new PruneParams(later, later, later, T0, 100)),
				() -> store().fetch(new FetchParams("q", 10, "node", T0.plusSeconds(1))));
		assertThat(claimed).extracting(Job::id).containsExactly(waiting.id());
		assertThat(store().find(old.id())).as("pruned").isEmpty();
	}

	@Test
	void theRescueLeavesTheAvailableJobsUnlockedForClaims() throws Exception {
		Job orphan = store().insert(new InsertParams(List.of(JobInsert.of("q", "a", "{}", T0)), T0)).get(0);
		store().fetch(new FetchParams("q", 1, "dead-node", T0));
		Job waiting = available("b");
		// The claim's update may wait for the rescue's (it writes index entries next to
		// the rescued row's): what must not happen is the skip, so the claim's locking
		// read stands in for it.
		List<Long> lockable = whileUncommitted((held) -> held.rescue(new RescueParams(T0, T0.plusSeconds(1), 100)),
				() -> skipLocked(waiting));
		assertThat(lockable).containsExactly(waiting.id());
		assertThat(store().find(orphan.id())).map(Job::state).contains(JobState.RETRYABLE);
	}

	@Test
	void addingStepsToARunningWorkflowLeavesItsAvailableStepsToClaims() throws Exception {
		List<Job> steps = store().insert(new InsertParams(List.of(step("fan-1", 0, false), step("fan-2", 0, false),
				step("join", 0, true).dependsOn(new Dependencies(List.of(), List.of(0, 1), false))), T0));
		long workflowId = steps.get(0).id();
		store().fetch(new FetchParams("q", 1, "node", T0));
		Job waiting = steps.get(1);
		List<Long> lockable = whileUncommitted(
				(held) -> held.insert(new InsertParams(List.of(step("child", workflowId, false)), T0)),
				() -> skipLocked(waiting));
		assertThat(lockable).containsExactly(waiting.id());
		assertThat(store().dependencies(steps.get(2).id())).as("the join waits for the child too").hasSize(3);
	}

	@Test
	void aBulkDeleteLeavesTheJobsItDoesNotDeleteToClaims() throws Exception {
		Job finished = finishedJob();
		Job running = available("b");
		store().fetch(new FetchParams("q", 1, "node", T0));
		Job waiting = store().insert(new InsertParams(List.of(JobInsert.of("q", "c", "{}", T0)), T0)).get(0);
		List<Long> lockable = whileUncommitted(
				(held) -> held.deleteAll(List.of(finished.id(), running.id()), T0.plusSeconds(1)),
				() -> skipLocked(waiting));
		assertThat(lockable).containsExactly(waiting.id());
		assertThat(store().findAll(List.of(finished.id(), running.id()))).extracting(Job::id)
			.as("an executing job is not deleted")
			.containsExactly(running.id());
	}

	@Test
	void aBulkCancelLeavesTheJobsItDoesNotCancelToClaims() throws Exception {
		Job finished = finishedJob();
		Job scheduled = store()
			.insert(new InsertParams(List.of(JobInsert.of("q", "a", "{}", T0.plus(Duration.ofHours(1)))), T0))
			.get(0);
		Job waiting = available("b");
		List<Long> lockable = whileUncommitted(
				(held) -> held.cancelAll(List.of(finished.id(), scheduled.id()), T0.plusSeconds(1)),
				() -> skipLocked(waiting));
		assertThat(lockable).containsExactly(waiting.id());
		assertThat(store().find(scheduled.id())).map(Job::state).contains(JobState.CANCELLED);
	}

	@Test
	void aBulkRetryLeavesTheAvailableJobsOfItsListToClaims() throws Exception {
		Job finished = finishedJob();
		Job waiting = available("b");
		List<Long> lockable = whileUncommitted(
				(held) -> held.retryAll(List.of(finished.id(), waiting.id()), T0.plusSeconds(1)),
				() -> skipLocked(waiting));
		assertThat(lockable).containsExactly(waiting.id());
		assertThat(store().find(finished.id())).map(Job::state).contains(JobState.AVAILABLE);
	}

	@Test
	void aRetryOfAJobThatBecameAvailableMeanwhileLeavesItToClaimsOrAnnouncesIt() throws Exception {
		Job scheduled = store()
			.insert(new InsertParams(List.of(JobInsert.of("q", "a", "{}", T0.plus(Duration.ofHours(1)))), T0))
			.get(0);
		Instant later = T0.plus(Duration.ofHours(2));
		// The stager makes the job available between the retry's read and its update
		// (on a thread of its own, as the store keeps a transaction's state per thread).
		Hook stage = new Hook((sql) -> sql.startsWith("UPDATE") && sql.contains("max_attempts"),
				() -> CompletableFuture.runAsync(() -> store().stage(new StageParams(later, 10))).join());
		try (Heard heard = new Heard()) {
			List<Long> lockable = whileUncommitted((held) -> {
				heard.listenTo(held);
				held.retry(scheduled.id(), later);
			}, () -> skipLocked(scheduled), stage);
			assertThat(stage.ran()).isTrue();
			assertThat(store().find(scheduled.id())).map(Job::state).contains(JobState.AVAILABLE);
			if (lockable.isEmpty()) {
				await().atMost(Duration.ofSeconds(10)).until(() -> heard.queues().contains("q"));
			}
		}
	}

	@Test
	void enqueueingAJobThatDependsOnAnAvailableJobAnnouncesTheAvailableJob() throws Exception {
		Job dependency = store().insert(new InsertParams(List.of(JobInsert.of("q", "a", "{}", T0)), T0)).get(0);
		try (Heard heard = new Heard()) {
			List<Long> lockable = whileUncommitted((held) -> {
				heard.listenTo(held);
				held.insert(new InsertParams(List.of(JobInsert.of("other", "b", "{}", T0)
					.dependsOn(new Dependencies(List.of(dependency.id()), List.of(), false))), T0));
			}, () -> skipLocked(dependency));
			// The insert locks its dependencies, so that their outcomes see the new job:
			// a claim meanwhile skips the available one, and must hear of it again.
			if (lockable.isEmpty()) {
				await().atMost(Duration.ofSeconds(10)).until(() -> heard.queues().contains("q"));
			}
		}
	}

	@Test
	void enqueueingJobsThatDependOnEachOtherAnnouncesNone() {
		// PostgreSQL's NOTIFY would arrive after the insert returns: its absence cannot
		// be seen without waiting. A local notifier tells at the commit.
		if (!(store().notifier().orElseThrow() instanceof LocalNotifier notifier)) {
			return;
		}
		List<String> heard = new CopyOnWriteArrayList<>();
		try (JobNotifier.Subscription subscription = notifier.subscribe(heard::add)) {
			store().insert(new InsertParams(
					List.of(JobInsert.of("q", "a", "{}", T0),
							JobInsert.of("q", "b", "{}", T0).dependsOn(new Dependencies(List.of(), List.of(0), false))),
					T0));
		}
		// No claim saw the new dependency before the insert committed, and the engine
		// wakes the queues of new jobs.
		assertThat(heard).isEmpty();
	}

	/**
	 * Runs a maintenance transaction of the leader, holds it at its commit (or, when it
	 * committed statement by statement, at its end), and reads what {@code check} sees
	 * meanwhile. On MariaDB a claim skips the rows that other transactions lock, and
	 * nothing wakes the producer again when the maintenance commits: a job that the
	 * maintenance locked without changing it waited for the next poll.
	 */
	private <T> T whileUncommitted(Consumer<JdbcJobStore> maintenance, Callable<T> check) throws Exception {
		return whileUncommitted(maintenance, check, new Hook((sql) -> false, () -> {
		}));
	}

	/**
	 * As {@link #whileUncommitted(Consumer, Callable)}, and runs {@code hook} once, just
	 * before the maintenance prepares the first statement that it matches.
	 */
	private <T> T whileUncommitted(Consumer<JdbcJobStore> maintenance, Callable<T> check, Hook hook) throws Exception {
		CountDownLatch ending = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService thread = Executors.newSingleThreadExecutor();
		Thread maintaining = thread.submit(Thread::currentThread).get();
		DataSource holding = (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					Object result = method.invoke(dataSource(), args);
					if (!(result instanceof Connection connection)) {
						return result;
					}
					return java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
							new Class<?>[] { Connection.class }, (connectionProxy, call, callArgs) -> {
								if (call.getName().equals("prepareStatement")
										&& Thread.currentThread() == maintaining) {
									hook.before((String) callArgs[0]);
								}
								if ((call.getName().equals("commit") || call.getName().equals("close"))
										&& Thread.currentThread() == maintaining && ending.getCount() > 0) {
									ending.countDown();
									assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
								}
								try {
									return call.invoke(connection, callArgs);
								}
								catch (java.lang.reflect.InvocationTargetException ex) {
									throw ex.getCause();
								}
							});
				});
		JdbcJobStore held = JdbcJobStore.builder(holding)
			.schema(store().schema())
			.tablePrefix(store().tablePrefix())
			.migrate(false)
			.build();
		try {
			Future<?> running = thread.submit(() -> maintenance.accept(held));
			assertThat(ending.await(30, TimeUnit.SECONDS)).as("the maintenance reached its commit").isTrue();
			T seen;
			try {
				seen = check.call();
			}
			finally {
				release.countDown();
			}
			running.get(30, TimeUnit.SECONDS);
			return seen;
		}
		finally {
			thread.shutdownNow();
			held.close();
		}
	}

	/** A job of kind {@code a} in queue {@code q}, inserted, claimed and completed. */
	private Job finishedJob() {
		Job job = available("a");
		store().complete(List.of(Completion.completed(store().fetch(new FetchParams("q", 1, "node", T0)).get(0), T0)));
		return job;
	}

	private Job available(String kind) {
		return store().insert(new InsertParams(List.of(JobInsert.of("q", kind, "{}", T0)), T0)).get(0);
	}

	/** The job, if a locking read that skips locked rows gets it, as a claim's does. */
	private List<Long> skipLocked(Job job) throws SQLException {
		Tables tables = Tables.of(store().dialect(), store().schema(), store().tablePrefix());
		try (Connection connection = dataSource().getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT id FROM " + tables.jobs() + " WHERE id = ? FOR UPDATE SKIP LOCKED")) {
				statement.setLong(1, job.id());
				List<Long> ids = new java.util.ArrayList<>();
				try (java.sql.ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						ids.add(rows.getLong(1));
					}
				}
				return ids;
			}
			finally {
				connection.rollback();
			}
		}
	}

	/**
	 * The queues that stores announce: on PostgreSQL every store's notifier hears them
	 * (NOTIFY), on H2 and MariaDB only the listeners of the store that committed.
	 */
	private final class Heard implements AutoCloseable {

		private final List<String> queues = new CopyOnWriteArrayList<>();

		private final List<JobNotifier.Subscription> subscriptions = new CopyOnWriteArrayList<>();

		Heard() {
			if (store().dialect() == Dialect.POSTGRESQL) {
				PostgresNotifier notifier = (PostgresNotifier) store().notifier().orElseThrow();
				this.subscriptions.add(notifier.subscribe(this.queues::add));
				await().atMost(Duration.ofSeconds(10)).until(notifier::isListening);
			}
		}

		/** Listen to the store that will commit, where only its own listeners hear. */
		void listenTo(JdbcJobStore committing) {
			if (committing.dialect() != Dialect.POSTGRESQL) {
				this.subscriptions.add(committing.notifier().orElseThrow().subscribe(this.queues::add));
			}
		}

		List<String> queues() {
			return this.queues;
		}

		@Override
		public void close() {
			this.subscriptions.forEach(JobNotifier.Subscription::close);
		}

	}

	private static JobInsert step(String kind, long workflowId, boolean awaitsAdded) {
		return JobInsert.of("q", kind, "{}", T0).step(new WorkflowStep(workflowId, kind, awaitsAdded));
	}

	/**
	 * Something to do once, on the maintenance's thread, before it prepares a statement.
	 */
	private static final class Hook {

		private final Predicate<String> statement;

		private final Runnable action;

		private final AtomicBoolean ran = new AtomicBoolean();

		Hook(Predicate<String> statement, Runnable action) {
			this.statement = statement;
			this.action = action;
		}

		void before(String sql) {
			if (this.statement.test(sql) && this.ran.compareAndSet(false, true)) {
				this.action.run();
			}
		}

		boolean ran() {
			return this.ran.get();
		}

	}

	@Test
	void theIndexOfClaimsUnderLimitsComesWithANodeThatHasLimitsNotWithTheSchema() throws SQLException {
		Tables tables = Tables.of(store().dialect(), store().schema(), store().tablePrefix());
		dropKindIndex(tables);
		KindIndex index = new KindIndex(tables);
		assertThat(index.exists(dataSource())).as("not created by the migrations").isFalse();
		index.prepare(dataSource(), false);
		await().atMost(Duration.ofSeconds(30)).until(() -> !index.isBuilding());
		assertThat(index.exists(dataSource())).as("left to a store that does not migrate: it logs the SQL").isFalse();
		assertThat(index.isPresent()).isFalse();
		index.prepare(dataSource(), true);
		await().atMost(Duration.ofSeconds(30)).until(index::isPresent);
		assertThat(index.exists(dataSource())).isTrue();
		if (store().dialect() == Dialect.POSTGRESQL) {
			// As a concurrent build that failed leaves it.
			try (Connection connection = dataSource().getConnection();
					java.sql.Statement statement = connection.createStatement()) {
				statement.execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = '" + tables.schema() + "."
						+ tables.prefix() + "jobs_claim_kind_idx'::regclass");
			}
			KindIndex afterFailedBuild = new KindIndex(tables);
			assertThat(afterFailedBuild.exists(dataSource())).isFalse();
			afterFailedBuild.prepare(dataSource(), true);
			await().atMost(Duration.ofSeconds(30)).until(afterFailedBuild::isPresent);
			assertThat(afterFailedBuild.exists(dataSource())).isTrue();
		}
	}

	protected void dropKindIndex(Tables tables) throws SQLException {
		try (Connection connection = dataSource().getConnection();
				java.sql.Statement statement = connection.createStatement()) {
			statement.execute((store().dialect() == Dialect.MARIADB)
					? "DROP INDEX IF EXISTS jobs_claim_kind_idx ON " + tables.jobs()
					: "DROP INDEX IF EXISTS " + tables.schema() + "." + tables.prefix() + "jobs_claim_kind_idx");
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			assertThat(latch.await(1, TimeUnit.MINUTES)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
