package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyzes the jobs table on PostgreSQL when it has grown to more than twice the size its
 * statistics were taken at, until they were taken at {@link #SETTLED_PAGES}. A connection
 * keeps the generic plan of each hot statement (claim, outcome write) that it built when
 * it first ran it, costed for the table as it was then, until the table's statistics
 * change: a plan made for a table of a few pages reads the whole table, so a node that
 * started on an empty table and then got a burst of jobs wrote each batch of outcomes by
 * a join over every row (1.4 s per write at 140,000 rows, measured). Autovacuum analyzes
 * too, but only when its next round comes (a minute by default) and never where it is
 * off. Analyzing at each doubling while the table is small costs a sample of it a handful
 * of times over its growth.
 * <p>
 * The checks run on a thread of their own, one at a time: an ANALYZE of a large table
 * takes a while (114 to 749 ms at 646 to 28,680 pages in a steady benchmark), and while
 * the outcome write that asked for it waited, the completer's backlog filled, the workers
 * waited to hand over their outcomes, and the node claimed nothing. A check asked for
 * while one runs is dropped; the next outcome write a second later asks again. An
 * {@code ANALYZE} skips the table while another session analyzes or vacuums it: at a
 * doubling every node finds the table grown, and since an analyze's lock conflicts with
 * another's, each would wait for the one before and then sample the whole table again.
 */
final class TableStatistics {

	private static final Logger logger = LoggerFactory.getLogger(TableStatistics.class);

	/** How often the size is compared with the statistics' at most. */
	static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

	/**
	 * Pages below which a table counts as this size when never analyzed; PostgreSQL
	 * assumes ten pages for a table it has no statistics for.
	 */
	private static final long MIN_PAGES = 8;

	/**
	 * Statistics taken at this many pages (8 MB) or more are not refreshed for growth. A
	 * hot statement's plan changes while the table is small (a few pages read whole
	 * against a lookup by primary key per row); from this size on it looks rows up by key
	 * at any larger size, so an analyze would change no plan. It would cost a sample of
	 * up to 30,000 pages (306 to 981 ms each at the doublings of a fresh table in a
	 * steady benchmark, where three of four clusters of slow starts fell inside one).
	 */
	static final long SETTLED_PAGES = 1_024;

	private static final String LOCK_NOT_AVAILABLE = "55P03";

	/** How long the checking thread outlives its last check. */
	private static final long THREAD_KEEP_ALIVE_SECONDS = 30;

	private final String table;

	private final LongSupplier nanoTime;

	private long lastCheck;

	private volatile boolean disabled;

	private final Executor checker;

	TableStatistics(Tables tables, LongSupplier nanoTime) {
		this(tables, nanoTime, new ThreadPoolExecutor(0, 1, THREAD_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
				new SynchronousQueue<>(), TableStatistics::checkerThread, new ThreadPoolExecutor.DiscardPolicy()));
	}

	/**
	 * Statistics kept by checks that run on an executor.
	 * @param tables the store's tables
	 * @param nanoTime the clock of the checks' interval
	 * @param checker runs the checks, off the thread that wrote the outcomes; it may drop
	 * a check while one runs
	 */
	TableStatistics(Tables tables, LongSupplier nanoTime, Executor checker) {
		this.table = tables.jobs();
		this.nanoTime = nanoTime;
		this.checker = checker;
		this.lastCheck = nanoTime.getAsLong() - CHECK_INTERVAL.toNanos();
	}

	/**
	 * If a check is due, hand it to the checker: on a connection of its own, analyze the
	 * table if it has more than doubled. A failure is logged, and the next check tries
	 * again.
	 * @param jdbc the store's connections
	 */
	void refreshIfDue(Jdbc jdbc) {
		if (takeCheck()) {
			this.checker.execute(() -> {
				try {
					jdbc.autoCommit("keep the statistics of " + this.table + " current", this::analyzeIfGrown);
				}
				catch (RuntimeException ex) {
					logger.debug("Could not check the statistics of {}: {}", this.table, ex.toString());
				}
			});
		}
	}

	/**
	 * Analyze the table if it has more than doubled since its statistics were taken and
	 * the last check is at least {@link #CHECK_INTERVAL} ago.
	 * @param connection a connection in auto-commit mode or in a transaction that may
	 * include the analyze
	 * @return whether it analyzed the table
	 */
	boolean refreshIfGrown(Connection connection) {
		return takeCheck() && analyzeIfGrown(connection);
	}

	/**
	 * Start a check if one is due.
	 * @return true once {@link #CHECK_INTERVAL} has passed since the last check
	 */
	private synchronized boolean takeCheck() {
		long now = this.nanoTime.getAsLong();
		if (this.disabled || now - this.lastCheck < CHECK_INTERVAL.toNanos()) {
			return false;
		}
		this.lastCheck = now;
		return true;
	}

	private boolean analyzeIfGrown(Connection connection) {
		try (Statement statement = connection.createStatement()) {
			long analyzedPages;
			long pages;
			try (ResultSet rows = statement.executeQuery("SELECT relpages, pg_relation_size(oid) / "
					+ "current_setting('block_size')::bigint FROM pg_class WHERE oid = '" + this.table
					+ "'::regclass")) {
				if (!rows.next()) {
					return false;
				}
				analyzedPages = rows.getLong(1);
				pages = rows.getLong(2);
			}
			if (pages <= 2 * Math.max(analyzedPages, MIN_PAGES) || analyzedPages >= SETTLED_PAGES) {
				return false;
			}
			long analyzeStart = this.nanoTime.getAsLong();
			// Skipped while another session analyzes or vacuums the table: every node
			// checks, and at a doubling several find it at once; one analyze serves all.
			statement.execute("ANALYZE (SKIP_LOCKED) " + this.table);
			SQLWarning refused = statement.getWarnings();
			if (refused != null && LOCK_NOT_AVAILABLE.equals(refused.getSQLState())) {
				logger.debug("Left the statistics of {} to the session that analyzes or vacuums it now", this.table);
				return false;
			}
			if (refused != null) {
				// PostgreSQL skips the table with a warning when this user does not own
				// it.
				this.disabled = true;
				logger.info("Cannot analyze {} ({}); its statistics are left to autovacuum", this.table,
						refused.getMessage());
				return false;
			}
			logger.debug("Analyzed {} in {} ms: {} pages, statistics taken at {}", this.table,
					(this.nanoTime.getAsLong() - analyzeStart) / 1_000_000, pages, analyzedPages);
			return true;
		}
		catch (SQLException ex) {
			logger.warn("Could not compare the size of {} with its statistics: {}", this.table, Jdbc.describe(ex));
			return false;
		}
	}

	/**
	 * Take no more checks; one that runs finishes (an ANALYZE does not heed an
	 * interrupt).
	 */
	void close() {
		if (this.checker instanceof ExecutorService service) {
			service.shutdown();
		}
	}

	private static Thread checkerThread(Runnable task) {
		Thread thread = new Thread(task, "jobs-statistics");
		thread.setDaemon(true);
		return thread;
	}

}
