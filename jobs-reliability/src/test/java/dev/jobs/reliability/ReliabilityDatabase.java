package dev.jobs.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.HandlerRegistry;
import dev.jobs.JacksonArgsCodec;
import dev.jobs.JobRequest;
import dev.jobs.JobsListener;
import dev.jobs.engine.ClientConfig;
import dev.jobs.engine.HeartbeatConfig;
import dev.jobs.engine.JobClient;
import dev.jobs.engine.LeaderConfig;
import dev.jobs.engine.PrunerConfig;
import dev.jobs.engine.RescuerConfig;
import dev.jobs.engine.StagerConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.engine.SupervisorBuilder;
import dev.jobs.jdbc.JdbcJobStore;
import dev.jobs.jdbc.MariaDbTestDatabase;
import dev.jobs.jdbc.PostgresTestDatabase;
import dev.jobs.retry.RetryPolicy;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL schema (or MariaDB database) for each test, with the jobs tables and
 * an {@code executions} table in which every run of a job leaves a row; and the figures
 * every scenario reports.
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * final ReliabilityDatabase database = ReliabilityDatabase.perTest(Server.POSTGRESQL);
 * </pre>
 */
final class ReliabilityDatabase implements BeforeEachCallback, AfterEachCallback {

	private final Server server;

	private final TestDatabase database;

	private HikariDataSource dataSource;

	private JdbcJobStore store;

	private ReliabilityDatabase(Server server) {
		this.server = server;
		this.database = server.testDatabase();
	}

	static ReliabilityDatabase perTest(Server server) {
		return new ReliabilityDatabase(server);
	}

	@Override
	public void beforeEach(ExtensionContext context) throws Exception {
		this.database.opener().beforeEach(context);
		this.dataSource = pool(serverUrl(), schema(), 8, "jobs-reliability-test");
		this.store = JdbcJobStore.builder(this.dataSource).build();
		execute(this.server.createExecutions);
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		try {
			if (this.store != null) {
				this.store.close();
				this.dataSource.close();
			}
		}
		finally {
			this.store = null;
			this.dataSource = null;
			this.database.closer().afterEach(context);
		}
	}

	/**
	 * A pool whose connections carry an application name, so a test can find and kill
	 * them in {@code pg_stat_activity}. On MariaDB the schema is the connections'
	 * database, and they carry no name.
	 * @param url the server URL
	 * @param schema the schema
	 * @param size the most connections
	 * @param applicationName the name
	 * @return the pool
	 */
	static HikariDataSource pool(String url, String schema, int size, String applicationName) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setMaximumPoolSize(size);
		config.setConnectionTimeout(5_000);
		config.setPoolName(applicationName);
		if (url.startsWith("jdbc:mariadb:")) {
			config.setCatalog(schema);
		}
		else {
			config.setSchema(schema);
			config.addDataSourceProperty("ApplicationName", applicationName);
		}
		return new HikariDataSource(config);
	}

	/**
	 * A supervisor with maintenance fast enough for a test run: nodes count as dead after
	 * 2 s of silence, leaders hold 2 s leases, failed attempts retry after 100 ms.
	 * @param store the store
	 * @param handlers the handlers
	 * @param nodeId the node
	 * @return the builder, with no queue yet
	 */
	static SupervisorBuilder fastSupervisor(JdbcJobStore store, HandlerRegistry handlers, String nodeId) {
		Duration beat = Duration.ofMillis(500);
		return Supervisor.builder(store)
			.handlers(handlers)
			.nodeId(nodeId)
			.retryPolicy(RetryPolicy.constant(Duration.ofMillis(100)))
			.shutdownTimeout(Duration.ofSeconds(10))
			.heartbeat(new HeartbeatConfig(beat))
			.leader(new LeaderConfig(Duration.ofSeconds(2)))
			.stager(new StagerConfig(Duration.ofMillis(200), 1_000))
			.rescuer(new RescuerConfig(beat, Duration.ofSeconds(2), 1_000))
			.pruner(new PrunerConfig(Duration.ofHours(1), PrunerConfig.Retention.DEFAULT, 1_000));
	}

	JdbcJobStore store() {
		return this.store;
	}

	HikariDataSource dataSource() {
		return this.dataSource;
	}

	Server server() {
		return this.server;
	}

	String serverUrl() {
		return this.database.url().get();
	}

	String schema() {
		return this.database.schema().get();
	}

	HikariDataSource newPool(int size, String applicationName) {
		return pool(serverUrl(), schema(), size, applicationName);
	}

	/**
	 * Enqueue {@code count} jobs of kind {@code record}, in batches.
	 * @param count how many
	 */
	void enqueueRecordJobs(int count) {
		JobClient client = new JobClient(this.store, new HandlerRegistry(), new JacksonArgsCodec(),
				ClientConfig.DEFAULT, Clock.systemUTC(), JobsListener.NONE);
		List<JobRequest> batch = new ArrayList<>();
		for (int n = 0; n < count; n++) {
			batch.add(JobRequest.of("record", Map.of("n", n)));
			if (batch.size() == 1_000 || n == count - 1) {
				client.enqueueAll(batch);
				batch.clear();
			}
		}
	}

	/**
	 * Enqueue {@code record} jobs whose limit keys take turns.
	 * @param count the jobs
	 * @param keys how many keys: job n gets key {@code key-<n mod keys>}
	 */
	void enqueueKeyedRecordJobs(int count, int keys) {
		JobClient client = new JobClient(this.store, new HandlerRegistry(), new JacksonArgsCodec(),
				ClientConfig.DEFAULT, Clock.systemUTC(), JobsListener.NONE);
		List<JobRequest> batch = new ArrayList<>();
		for (int n = 0; n < count; n++) {
			batch.add(JobRequest.of("record", Map.of("n", n)).limitKey("key-" + (n % keys)));
		}
		client.enqueueAll(batch);
	}

	long executions() {
		return count("SELECT count(*) FROM executions");
	}

	/**
	 * Executions on one node.
	 * @param nodeId the node, a name the test chose
	 * @return the count
	 */
	long executionsOf(String nodeId) {
		return count("SELECT count(*) FROM executions WHERE node_id = '" + nodeId + "'");
	}

	long count(String sql) {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Query failed: " + sql, ex);
		}
	}

	void execute(String sql) {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Statement failed: " + sql, ex);
		}
	}

	/**
	 * What happened to every job: the figures each scenario prints and asserts on.
	 * @return the figures
	 */
	Figures figures() {
		long jobs = count("SELECT count(*) FROM jobs");
		long completed = count("SELECT count(*) FROM jobs WHERE state = 2");
		long stuck = count("SELECT count(*) FROM jobs WHERE state = 1");
		long neverRun = count(
				"SELECT count(*) FROM jobs j WHERE NOT EXISTS " + "(SELECT 1 FROM executions e WHERE e.job_id = j.id)");
		long duplicates = count("SELECT coalesce(sum(n - 1), 0) FROM "
				+ "(SELECT count(*) AS n FROM executions GROUP BY job_id HAVING count(*) > 1) d");
		long duplicatedJobs = count(
				"SELECT count(*) FROM (SELECT job_id FROM executions GROUP BY job_id " + "HAVING count(*) > 1) d");
		long rescued = count("SELECT count(*) FROM jobs WHERE " + this.server.errorsText + " LIKE '%Rescued: node%'");
		long duplicatedButNotRescued = count("SELECT count(*) FROM (SELECT job_id FROM executions GROUP BY job_id "
				+ "HAVING count(*) > 1) d JOIN jobs j ON j.id = d.job_id WHERE j." + this.server.errorsText
				+ " NOT LIKE '%Rescued: node%'");
		return new Figures(jobs, completed, jobs - completed, stuck, neverRun, duplicates, duplicatedJobs, rescued,
				duplicatedButNotRescued);
	}

	/**
	 * The story of up to ten jobs that ran more than once without being rescued: their
	 * executions and their error history, to find out why.
	 * @return one line per execution
	 */
	String unexplainedDuplicates() {
		StringBuilder story = new StringBuilder();
		String errors = "j." + this.server.errorsText;
		String sql = "SELECT j.id, j.state, j.attempt, " + errors + ", e.node_id, e.attempt, e.at FROM jobs j "
				+ "JOIN executions e ON e.job_id = j.id WHERE j.id IN (SELECT job_id FROM (SELECT job_id FROM executions "
				+ "GROUP BY job_id HAVING count(*) > 1 LIMIT 10) d) AND " + errors
				+ " NOT LIKE '%Rescued: node%' ORDER BY j.id, e.at";
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				story.append(String.format("job %d state=%d attempt=%d errors=%s ran on %s attempt %d at %s%n",
						rows.getLong(1), rows.getInt(2), rows.getInt(3), rows.getString(4), rows.getString(5),
						rows.getInt(6), rows.getTimestamp(7).toInstant()));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Query failed: " + sql, ex);
		}
		return story.toString();
	}

	/**
	 * The database servers the scenarios run on, and the SQL in which they differ.
	 */
	enum Server {

		POSTGRESQL("CREATE TABLE executions (job_id bigint NOT NULL, node_id text NOT NULL, attempt int NOT NULL, "
				+ "at timestamptz NOT NULL DEFAULT clock_timestamp())", "errors::text", "now()"),

		MARIADB("CREATE TABLE executions (job_id BIGINT NOT NULL, node_id VARCHAR(100) NOT NULL, "
				+ "attempt INT NOT NULL, at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))", "errors",
				"UTC_TIMESTAMP(6)");

		private final String createExecutions;

		/** The errors column as text, for LIKE. */
		private final String errorsText;

		/** The current time as the store keeps times (UTC on MariaDB). */
		final String now;

		Server(String createExecutions, String errorsText, String now) {
			this.createExecutions = createExecutions;
			this.errorsText = errorsText;
			this.now = now;
		}

		private TestDatabase testDatabase() {
			if (this == POSTGRESQL) {
				PostgresTestDatabase database = PostgresTestDatabase.perTest();
				return new TestDatabase(database, database, database::serverJdbcUrl, database::schema);
			}
			MariaDbTestDatabase database = MariaDbTestDatabase.perTest();
			return new TestDatabase(database, database, database::serverJdbcUrl, database::schema);
		}

	}

	/**
	 * A test database of either server, opened and closed around each test.
	 */
	private record TestDatabase(BeforeEachCallback opener, AfterEachCallback closer, Supplier<String> url,
			Supplier<String> schema) {
	}

	/**
	 * The outcome of a scenario.
	 *
	 * @param jobs jobs enqueued
	 * @param completed jobs completed
	 * @param lost jobs not completed
	 * @param stuck jobs left executing
	 * @param neverRun jobs with no execution at all
	 * @param duplicates executions beyond the first, summed over all jobs
	 * @param duplicatedJobs jobs that ran more than once
	 * @param rescued jobs handed back from a dead node
	 * @param duplicatedButNotRescued jobs that ran more than once without being rescued
	 */
	record Figures(long jobs, long completed, long lost, long stuck, long neverRun, long duplicates,
			long duplicatedJobs, long rescued, long duplicatedButNotRescued) {

		String describe(String scenario, Duration recovery) {
			return String.format(
					"%s: jobs=%d completed=%d lost=%d stuck=%d duplicates=%d (jobs=%d, rescued=%d) " + "recovery=%dms",
					scenario, this.jobs, this.completed, this.lost, this.stuck, this.duplicates, this.duplicatedJobs,
					this.rescued, recovery.toMillis());
		}

	}

}
