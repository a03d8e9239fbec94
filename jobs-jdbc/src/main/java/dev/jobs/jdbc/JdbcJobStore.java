package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import dev.jobs.Job;
import dev.jobs.JobProgress;
import dev.jobs.JobsException;
import dev.jobs.limit.JobLimits;
import dev.jobs.limit.LimitUsage;
import dev.jobs.store.BulkResult;
import dev.jobs.store.Completion;
import dev.jobs.store.ElectParams;
import dev.jobs.store.FetchParams;
import dev.jobs.store.FetchResult;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobCount;
import dev.jobs.store.JobFilter;
import dev.jobs.store.JobNotifier;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import dev.jobs.store.MinuteFigures;
import dev.jobs.store.NodeStatus;
import dev.jobs.store.PruneParams;
import dev.jobs.store.QueueStats;
import dev.jobs.store.RescueParams;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;
import dev.jobs.store.StatsParams;
import org.jspecify.annotations.Nullable;

/**
 * The durable job store, on PostgreSQL, MariaDB or H2. Enqueue goes through the
 * {@link ConnectionProvider} (so it can join the caller's transaction); everything the
 * engine does uses connections of its own from the data source. Every operation either
 * succeeds or throws a {@link JobsException} saying what it was doing; the engine's loops
 * log, pause and try again.
 *
 * <pre class="code">
 * JdbcJobStore store = JdbcJobStore.builder(dataSource).tablePrefix("app_").build();
 * </pre>
 */
public final class JdbcJobStore implements JobStore, AutoCloseable {

	private final Jdbc jdbc;

	private final Tables tables;

	private final InsertSql insertSql;

	private final ProgressSql progressSql;

	private final ClaimSql claimSql;

	private final LimitedClaimSql limitedClaimSql;

	private final CompleteSql completeSql;

	private final DependencySql dependencySql;

	private final MaintenanceSql maintenanceSql;

	private final ClusterSql clusterSql;

	private final JobQuerySql querySql;

	private final JobCommandSql commandSql;

	private final JobFilterSql filterSql;

	private final QueueFiguresSql figuresSql;

	private final ClusterViewSql clusterViewSql;

	private final BulkSql bulkSql;

	private final @Nullable PostgresNotifier notifier;

	/** On H2 and MariaDB, which cannot notify: wakes the nodes of this process. */
	private final @Nullable LocalNotifier localNotifier;

	private final @Nullable TableVacuum vacuum;

	private final @Nullable TableStatistics statistics;

	private final boolean engineSynchronousCommit;

	private final KindIndex kindIndex;

	/** Whether the store manages its schema (it migrated it), and so may add to it. */
	private final boolean migrates;

	private JdbcJobStore(Jdbc jdbc, Tables tables, @Nullable String sequence, long idStep, @Nullable TableVacuum vacuum,
			boolean engineSynchronousCommit, boolean migrates) {
		this.vacuum = vacuum;
		this.migrates = migrates;
		this.jdbc = jdbc;
		this.tables = tables;
		this.statistics = (tables.dialect() == Dialect.POSTGRESQL) ? new TableStatistics(tables, System::nanoTime)
				: null;
		this.insertSql = new InsertSql(tables, sequence, idStep);
		this.progressSql = new ProgressSql(tables);
		this.engineSynchronousCommit = engineSynchronousCommit;
		this.claimSql = new ClaimSql(tables, engineSynchronousCommit);
		this.kindIndex = new KindIndex(tables);
		this.limitedClaimSql = new LimitedClaimSql(tables, engineSynchronousCommit, this.kindIndex);
		this.localNotifier = (tables.dialect() != Dialect.POSTGRESQL) ? new LocalNotifier() : null;
		this.dependencySql = new DependencySql(tables, this.localNotifier);
		this.completeSql = new CompleteSql(tables, engineSynchronousCommit, this.dependencySql);
		this.maintenanceSql = new MaintenanceSql(tables, this.dependencySql, this.localNotifier);
		this.clusterSql = new ClusterSql(tables);
		this.querySql = new JobQuerySql(tables);
		this.commandSql = new JobCommandSql(tables, this.querySql, this.dependencySql, this.localNotifier);
		this.filterSql = new JobFilterSql(tables);
		this.figuresSql = new QueueFiguresSql(tables);
		this.clusterViewSql = new ClusterViewSql(tables);
		this.bulkSql = new BulkSql(tables, this.jdbc, this.commandSql.uniqueKeyFree, this.dependencySql,
				this.localNotifier);
		this.notifier = (tables.dialect() == Dialect.POSTGRESQL) ? new PostgresNotifier(jdbc, tables) : null;
	}

	/**
	 * Start building a store on a data source.
	 * @param dataSource the database
	 * @return a builder
	 */
	public static Builder builder(DataSource dataSource) {
		return new Builder(dataSource);
	}

	/**
	 * The data source the store works on, so that a framework can tell whether an enqueue
	 * joined one of its transactions.
	 * @return the data source
	 */
	public DataSource dataSource() {
		return this.jdbc.dataSource();
	}

	public Dialect dialect() {
		return this.tables.dialect();
	}

	/**
	 * The schema that holds the store's tables, as the database names it.
	 * @return the schema
	 */
	public String schema() {
		return this.tables.schema();
	}

	public String tablePrefix() {
		return this.tables.prefix();
	}

	/**
	 * Whether claims and outcomes wait for the WAL flush;
	 * {@link Builder#engineSynchronousCommit(boolean)} sets it and says why.
	 * @return true when they wait
	 */
	public boolean engineSynchronousCommit() {
		return this.engineSynchronousCommit;
	}

	@Override
	public List<Job> insert(InsertParams params) {
		if (params.jobs().isEmpty()) {
			return List.of();
		}
		boolean keyed = LimitKeySql.hasKeys(params);
		boolean dependent = DependencySql.any(params);
		return this.jdbc.callerConnection("enqueue " + params.jobs().size() + " job(s)",
				keyed || dependent || this.insertSql.needsTransaction(params), (connection) -> {
					List<Job> jobs = this.insertSql.insert(connection, params);
					if (keyed) {
						jobs = LimitKeySql.assign(connection, this.tables, params, jobs);
					}
					return dependent ? this.dependencySql.afterInsert(connection, params, jobs) : jobs;
				});
	}

	@Override
	public List<Job> fetch(FetchParams params) {
		if (!params.limits().isEmpty()) {
			return fetchWithinLimits(params).jobs();
		}
		return run(this.claimSql.needsTransaction(), "claim jobs of queue '" + params.queue() + "'",
				(connection) -> this.claimSql.claim(connection, params));
	}

	/**
	 * On PostgreSQL, where a claim from the head of a queue walks past the claim index
	 * entries of every job claimed since the last vacuum.
	 */
	@Override
	public boolean claimsAfterPosition() {
		return this.tables.dialect() == Dialect.POSTGRESQL;
	}

	@Override
	public FetchResult fetchWithinLimits(FetchParams params) {
		if (params.limits().isEmpty()) {
			return FetchResult.unlimited(fetch(params));
		}
		String what = "claim jobs of queue '" + params.queue() + "' within limits";
		if (this.limitedClaimSql.claimsInOneRoundTrip(params.limits())) {
			return this.jdbc.autoCommit(what,
					(connection) -> this.limitedClaimSql.claimInOneRoundTrip(connection, params));
		}
		return this.jdbc.transaction(what, (connection) -> this.limitedClaimSql.claim(connection, params));
	}

	/**
	 * Find, or create when the store migrates its schema, the index that claims under
	 * per-kind limits read by ({@link KindIndex}); without it they stay correct but walk
	 * the jobs a full kind holds back.
	 */
	@Override
	public void prepareLimits(JobLimits limits) {
		this.kindIndex.prepare(this.jdbc.dataSource(), this.migrates);
	}

	/**
	 * Whether claims within these limits take one round trip (for tests: it depends on
	 * the index that {@link #prepareLimits} builds in the background).
	 */
	boolean claimsInOneRoundTrip(JobLimits limits) {
		return this.limitedClaimSql.claimsInOneRoundTrip(limits);
	}

	@Override
	public List<LimitUsage> limitUsage(JobLimits limits, Instant now) {
		return this.jdbc.autoCommit("read the use of job limits",
				(connection) -> LimitCounts.usage(connection, this.tables, limits, now));
	}

	@Override
	public int complete(List<Completion> completions) {
		if (completions.isEmpty()) {
			return 0;
		}
		int written = run(this.completeSql.needsTransaction(), "record " + completions.size() + " job outcome(s)",
				(connection) -> this.completeSql.complete(connection, completions));
		if (this.statistics != null) {
			// Every node that runs jobs writes outcomes, from its start, and the outcome
			// write is the statement a stale plan hurts most.
			this.statistics.refreshIfDue(this.jdbc);
		}
		return written;
	}

	@Override
	public Optional<Instant> nextDue(Instant before) {
		return Optional.ofNullable(this.jdbc.autoCommit("look for the next due job",
				(connection) -> this.maintenanceSql.nextDue(connection, before)));
	}

	@Override
	public StageResult stage(StageParams params) {
		return run(this.maintenanceSql.needsTransaction(), "stage due jobs",
				(connection) -> this.maintenanceSql.stage(connection, params));
	}

	@Override
	public List<Job> rescue(RescueParams params) {
		// A transaction on every database: jobs waiting for a rescued job that ends
		// discarded are cancelled with it.
		return this.jdbc.transaction("rescue jobs of dead nodes", (connection) -> {
			List<Job> rescued = this.maintenanceSql.rescue(connection, params);
			this.maintenanceSql.releaseRescued(connection, rescued, params.now());
			return rescued;
		});
	}

	@Override
	public int prune(PruneParams params) {
		return run(dialect() != Dialect.POSTGRESQL, "prune finished jobs", (connection) -> {
			int pruned = this.maintenanceSql.prune(connection, params);
			if (this.vacuum != null) {
				this.vacuum.afterPrune(connection);
			}
			return pruned;
		});
	}

	@Override
	public Optional<Job> cancel(long id, Instant now) {
		return this.jdbc.transaction("cancel job " + id, (connection) -> this.commandSql.cancel(connection, id, now));
	}

	@Override
	public Optional<Job> retry(long id, Instant now) {
		try {
			return this.jdbc.transaction("retry job " + id, (connection) -> this.commandSql.retry(connection, id, now));
		}
		catch (JobCommandSql.KeyTaken ex) {
			// Another job took the key meanwhile: left alone, as when it held it before.
			return find(id);
		}
	}

	@Override
	public void heartbeat(String nodeId, Instant now) {
		autoCommit("record the heartbeat of node '" + nodeId + "'",
				(connection) -> this.clusterSql.heartbeat(connection, nodeId, now));
	}

	@Override
	public void deregister(String nodeId) {
		autoCommit("deregister node '" + nodeId + "'", (connection) -> this.clusterSql.deregister(connection, nodeId));
	}

	@Override
	public Set<Long> cancelRequested(String nodeId) {
		return this.jdbc.autoCommit("read cancel requests of node '" + nodeId + "'",
				(connection) -> this.clusterSql.cancelRequested(connection, nodeId));
	}

	@Override
	public Set<Long> executingIds(String nodeId, Instant claimedBefore) {
		return this.jdbc.autoCommit("read the jobs executing on node '" + nodeId + "'",
				(connection) -> this.clusterSql.executingIds(connection, nodeId, claimedBefore));
	}

	@Override
	public boolean elect(ElectParams params) {
		return this.jdbc.autoCommit("elect a leader", (connection) -> this.clusterSql.elect(connection, params));
	}

	@Override
	public void resign(String nodeId) {
		autoCommit("resign the leader lease of node '" + nodeId + "'",
				(connection) -> this.clusterSql.resign(connection, nodeId));
	}

	@Override
	public boolean recordCronTick(String name, Instant tick) {
		return this.jdbc.autoCommit("record cron tick " + tick + " of '" + name + "'",
				(connection) -> this.clusterSql.recordCronTick(connection, name, tick));
	}

	@Override
	public void setPaused(String queue, boolean paused) {
		autoCommit((paused ? "pause" : "resume") + " queue '" + queue + "'",
				(connection) -> this.clusterSql.setPaused(connection, queue, paused));
	}

	@Override
	public Set<String> pausedQueues() {
		return this.jdbc.autoCommit("read paused queues", this.clusterSql::pausedQueues);
	}

	@Override
	public int deleteAvailable(String queue, Instant now) {
		return this.jdbc.transaction("delete available jobs of queue '" + queue + "'",
				(connection) -> this.commandSql.deleteAvailable(connection, queue, now));
	}

	@Override
	public int deleteWaiting(String queue, Instant now) {
		return this.jdbc.transaction("delete waiting jobs of queue '" + queue + "'",
				(connection) -> this.commandSql.deleteWaiting(connection, queue, now));
	}

	@Override
	public List<QueueStats> stats(StatsParams params) {
		return this.jdbc.autoCommit("read queue figures", (connection) -> this.figuresSql.stats(connection, params));
	}

	@Override
	public Optional<Job> find(long id) {
		return this.jdbc.autoCommit("find job " + id, (connection) -> this.querySql.find(connection, id));
	}

	@Override
	public List<Job> dependencies(long id) {
		return this.jdbc.autoCommit("read the dependencies of job " + id,
				(connection) -> this.dependencySql.dependencies(connection, id));
	}

	@Override
	public List<Job> workflow(long workflowId) {
		return this.jdbc.autoCommit("read workflow " + workflowId,
				(connection) -> this.dependencySql.workflows().workflow(connection, workflowId));
	}

	@Override
	public List<Job> findAll(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.autoCommit("find " + ids.size() + " job(s)",
				(connection) -> JobRows.byIds(connection, this.tables, ids));
	}

	@Override
	public List<Job> list(ListParams params) {
		return this.jdbc.autoCommit("list jobs", (connection) -> this.filterSql.list(connection, params));
	}

	@Override
	public JobCount count(JobFilter filter, long limit) {
		return this.jdbc.autoCommit("count jobs", (connection) -> this.filterSql.count(connection, filter, limit));
	}

	@Override
	public List<MinuteFigures> throughput(Instant since, @Nullable String queue) {
		return this.jdbc.autoCommit("read figures by minute",
				(connection) -> this.figuresSql.throughput(connection, since, queue));
	}

	@Override
	public List<NodeStatus> nodes(Instant now) {
		return this.jdbc.autoCommit("read nodes", (connection) -> this.clusterViewSql.nodes(connection, now));
	}

	@Override
	public Map<String, Instant> cronTicks() {
		return this.jdbc.autoCommit("read cron ticks", this.clusterViewSql::cronTicks);
	}

	@Override
	public BulkResult retryAll(Collection<Long> ids, Instant now) {
		return this.bulkSql.retryAll(ids, now, this::retry);
	}

	@Override
	public BulkResult cancelAll(Collection<Long> ids, Instant now) {
		return this.bulkSql.cancelAll(ids, now);
	}

	@Override
	public BulkResult deleteAll(Collection<Long> ids, Instant now) {
		return this.bulkSql.deleteAll(ids, now);
	}

	@Override
	public void saveProgress(List<JobProgress> reports) {
		if (reports.isEmpty()) {
			return;
		}
		// One transaction: the batch is one commit however many jobs reported.
		this.jdbc.transaction("write the progress of " + reports.size() + " job(s)", (connection) -> {
			this.progressSql.save(connection, reports);
			return null;
		});
	}

	@Override
	public Optional<JobProgress> findProgress(long id) {
		return this.jdbc.autoCommit("find the progress of job " + id,
				(connection) -> this.progressSql.find(connection, id));
	}

	/**
	 * The notifier: on PostgreSQL, LISTEN/NOTIFY, which reaches every node; on H2 and
	 * MariaDB, one that tells the nodes of this process of the jobs the store's own
	 * transactions release or ask to stop (other processes' nodes poll).
	 * @return the notifier
	 */
	@Override
	public Optional<JobNotifier> notifier() {
		return Optional.ofNullable((this.notifier != null) ? this.notifier : this.localNotifier);
	}

	/**
	 * Stop the notifier's thread and close its connection, and take no more statistics
	 * checks. The data source is the caller's and stays open.
	 */
	@Override
	public void close() {
		if (this.notifier != null) {
			this.notifier.close();
		}
		if (this.statistics != null) {
			this.statistics.close();
		}
	}

	private void autoCommit(String what, SqlAction action) {
		this.jdbc.autoCommit(what, (connection) -> {
			action.run(connection);
			return null;
		});
	}

	/** Work on a connection with no result. */
	@FunctionalInterface
	private interface SqlAction {

		void run(Connection connection) throws SQLException;

	}

	private <T> T run(boolean transaction, String what, Jdbc.SqlWork<T> work) {
		return transaction ? this.jdbc.transaction(what, work) : this.jdbc.autoCommit(what, work);
	}

	/**
	 * Builds a {@link JdbcJobStore}: detects the database, migrates or checks the tables.
	 */
	public static final class Builder {

		private final DataSource dataSource;

		private @Nullable String schema;

		private String tablePrefix = "";

		private boolean migrate = true;

		private ConnectionProvider connectionProvider = ConnectionProvider.DEFAULT;

		private boolean engineSynchronousCommit;

		private Builder(DataSource dataSource) {
			this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		}

		/**
		 * The schema of the store's tables; by default the connection's current schema.
		 * @param schema an unquoted identifier (letters, digits, underscores)
		 * @return this builder
		 */
		public Builder schema(String schema) {
			Tables.requireIdentifier(schema, "schema", Tables.MAX_SCHEMA_LENGTH, false);
			this.schema = schema;
			return this;
		}

		/**
		 * A prefix for the store's table names, such as {@code app_} for
		 * {@code app_jobs}; none by default.
		 * @param tablePrefix an unquoted name (letters, digits, underscores), or empty
		 * @return this builder
		 */
		public Builder tablePrefix(String tablePrefix) {
			Tables.requireIdentifier(tablePrefix, "tablePrefix", Tables.MAX_PREFIX_LENGTH, true);
			this.tablePrefix = tablePrefix;
			return this;
		}

		/**
		 * Whether to run the library's Flyway migrations at build (the default), with a
		 * history table of their own; when off, the tables must exist.
		 * @param migrate whether to migrate
		 * @return this builder
		 */
		public Builder migrate(boolean migrate) {
			this.migrate = migrate;
			return this;
		}

		/**
		 * Whether the engine's own writes, claims and attempt outcomes, wait for
		 * PostgreSQL to flush them to disk before their commit returns. Off by default:
		 * those two statements commit with {@code synchronous_commit} off (for their own
		 * transaction only), which saves each claim a WAL flush. A database crash can
		 * then lose the last fraction of a second of claims and outcomes; their jobs run
		 * again (a lost claim leaves the job available, a lost outcome leaves it
		 * executing until its node, or the rescuer, hands it back), which at-least-once
		 * delivery allows anyway. Enqueue and every other write always wait. On H2 and
		 * MariaDB, this has no effect.
		 * @param engineSynchronousCommit whether claims and outcomes wait for the flush
		 * @return this builder
		 */
		public Builder engineSynchronousCommit(boolean engineSynchronousCommit) {
			this.engineSynchronousCommit = engineSynchronousCommit;
			return this;
		}

		/**
		 * How enqueue gets its connection; by default a new one from the data source.
		 * @param connectionProvider the provider
		 * @return this builder
		 */
		public Builder connectionProvider(ConnectionProvider connectionProvider) {
			this.connectionProvider = Objects.requireNonNull(connectionProvider, "connectionProvider must not be null");
			return this;
		}

		/**
		 * Detect the database, migrate or check the schema, and build the store.
		 * @return the store
		 * @throws JobsException for an unsupported database, missing tables with
		 * migrations off, or a database that cannot be reached
		 */
		public JdbcJobStore build() {
			Tables tables = connect((connection) -> {
				Dialect dialect = Dialect.detect(connection.getMetaData());
				return Tables.of(dialect, (this.schema != null) ? this.schema : currentSchema(connection, dialect),
						this.tablePrefix);
			});
			if (this.migrate) {
				SchemaSetup.migrate(this.dataSource, tables);
			}
			String sequence = connect((connection) -> {
				if (!this.migrate) {
					SchemaSetup.verify(connection, tables);
				}
				return (tables.dialect() == Dialect.POSTGRESQL) ? idSequence(connection, tables) : null;
			});
			long idStep = (tables.dialect() == Dialect.MARIADB) ? connect(Builder::autoIncrementStep) : 1;
			TableVacuum vacuum = connect((connection) -> TableVacuum.ifAutovacuumIsOff(connection, tables));
			return new JdbcJobStore(new Jdbc(this.dataSource, this.connectionProvider), tables, sequence, idStep,
					vacuum, this.engineSynchronousCommit, this.migrate);
		}

		private <T> T connect(Jdbc.SqlWork<T> work) {
			try (Connection connection = this.dataSource.getConnection()) {
				return work.run(connection);
			}
			catch (SQLException ex) {
				throw Jdbc.failure("set up the job store", ex);
			}
		}

		private static String currentSchema(Connection connection, Dialect dialect) throws SQLException {
			// MariaDB's current database is the JDBC catalog.
			String current = (dialect == Dialect.MARIADB) ? connection.getCatalog() : connection.getSchema();
			if (current == null) {
				throw new JobsException("The connection has no current schema to put the job store's tables in; "
						+ "set one with JdbcJobStore.builder(dataSource).schema(\"...\")");
			}
			return current;
		}

		/**
		 * How far apart MariaDB draws consecutive ids: 1 but on multi-primary clusters
		 * such as Galera, which set {@code auto_increment_increment} to the node count.
		 */
		private static long autoIncrementStep(Connection connection) throws SQLException {
			try (PreparedStatement statement = connection.prepareStatement("SELECT @@auto_increment_increment");
					ResultSet rows = statement.executeQuery()) {
				return rows.next() ? rows.getLong(1) : 1;
			}
		}

		private static String idSequence(Connection connection, Tables tables) throws SQLException {
			try (PreparedStatement statement = connection.prepareStatement("SELECT pg_get_serial_sequence(?, 'id')")) {
				statement.setString(1, tables.jobs());
				try (ResultSet rows = statement.executeQuery()) {
					String sequence = rows.next() ? rows.getString(1) : null;
					if (sequence == null) {
						throw new JobsException("The job store's table " + tables.jobs()
								+ " has no id sequence; create it with the SQL in docs/schema/postgresql.sql");
					}
					return sequence;
				}
			}
		}

	}

}
