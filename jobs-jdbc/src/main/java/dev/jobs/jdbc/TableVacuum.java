package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacuums and analyzes the jobs table after pruning, where PostgreSQL's autovacuum is
 * off. Every job leaves dead row versions behind (claim, completion, prune); without
 * vacuum they pile up in the claim index and stale statistics turn the claim into a sort
 * of the whole queue: the soak measured claims of 100 jobs slowing from about 1 ms to 100
 * ms. With autovacuum on (the default) the store leaves this to PostgreSQL.
 */
final class TableVacuum {

	private static final Logger logger = LoggerFactory.getLogger(TableVacuum.class);

	/** How often the leader vacuums the jobs table at most, when autovacuum is off. */
	static final Duration INTERVAL = Duration.ofSeconds(10);

	private final Tables tables;

	private final AtomicLong lastNanos = new AtomicLong(System.nanoTime() - INTERVAL.toNanos());

	private TableVacuum(Tables tables) {
		this.tables = tables;
	}

	/**
	 * A vacuum for the store's table if the server needs one.
	 * @param connection a connection to the server
	 * @param tables the store's tables
	 * @return the vacuum, or {@code null} on H2 and where autovacuum is on
	 * @throws SQLException if the server cannot say
	 */
	static @Nullable TableVacuum ifAutovacuumIsOff(Connection connection, Tables tables) throws SQLException {
		if (tables.dialect() != Dialect.POSTGRESQL) {
			return null;
		}
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SHOW autovacuum")) {
			if (rows.next() && "on".equalsIgnoreCase(rows.getString(1))) {
				return null;
			}
		}
		logger.warn(
				"autovacuum is off on this PostgreSQL server: the job store will VACUUM (ANALYZE) {} after pruning, "
						+ "at most every {} s, so that claims stay fast; turning autovacuum on is better",
				tables.jobs(), INTERVAL.toSeconds());
		return new TableVacuum(tables);
	}

	/**
	 * Vacuum the jobs table if the interval has passed since the last time.
	 * @param connection an auto-commit connection (VACUUM cannot run in a transaction)
	 */
	void afterPrune(Connection connection) {
		long last = this.lastNanos.get();
		long now = System.nanoTime();
		if (now - last < INTERVAL.toNanos() || !this.lastNanos.compareAndSet(last, now)) {
			return;
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("VACUUM (ANALYZE) " + this.tables.jobs());
		}
		catch (SQLException ex) {
			logger.warn("Could not vacuum {}: {}", this.tables.jobs(), Jdbc.describe(ex));
		}
	}

}
