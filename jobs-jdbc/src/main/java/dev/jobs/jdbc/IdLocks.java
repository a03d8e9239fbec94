package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

import static dev.jobs.JobState.AVAILABLE;

/**
 * Locks exactly the jobs a transaction changes: read them without a lock, then lock those
 * rows by primary key, their condition checked again.
 * <p>
 * Why: on MariaDB (InnoDB, {@code REPEATABLE READ}) a locking read or a write locks every
 * row it passes until commit, not only the rows it changes, and the optimizer may walk a
 * state index even for a list of ids when that index covers the read. A claim in that
 * time skips the available jobs so locked ({@code SKIP LOCKED}), and nothing wakes its
 * producer when they are let go: such a job waited for its queue's next poll. So the lock
 * names the primary key on MariaDB. A candidate that left the condition between the read
 * and the lock stays locked, unchanged, until commit; one that became available meanwhile
 * has its queue woken once the transaction commits.
 */
final class IdLocks {

	private final Tables tables;

	private final @Nullable LocalNotifier local;

	/** Follows the jobs table (and its alias) in a statement that goes by ids. */
	private final String byPrimaryKey;

	IdLocks(Tables tables, @Nullable LocalNotifier local) {
		this.tables = tables;
		this.local = local;
		this.byPrimaryKey = (tables.dialect() == Dialect.MARIADB) ? " FORCE INDEX (PRIMARY)" : "";
	}

	/**
	 * Whether a change must read its rows before it locks them: on MariaDB, where a
	 * locking read by condition locks rows it does not return. PostgreSQL and H2 lock
	 * only the rows a locking read returns, so one statement does.
	 * @return true on MariaDB
	 */
	boolean readsFirst() {
		return this.tables.dialect() == Dialect.MARIADB;
	}

	/**
	 * The jobs table, for a statement over a list of ids, such as
	 * {@code jobs j FORCE INDEX (PRIMARY)} on MariaDB.
	 * @param alias the table's alias, or empty
	 * @return the table, alias and index hint
	 */
	String table(String alias) {
		return this.tables.jobs() + (alias.isEmpty() ? "" : " " + alias) + this.byPrimaryKey;
	}

	/**
	 * Read ids, without a lock unless the query asks for one.
	 * @param sql a query whose first column is the id
	 * @param parameters binds its parameters
	 * @return the ids, in the query's order
	 */
	List<Long> read(Connection connection, String sql, Parameters parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			parameters.bind(statement, 1);
			return ids(statement);
		}
	}

	/**
	 * Lock the candidates that still match, by primary key, a chunk at a time.
	 * @param select the locking read up to its list of ids, such as
	 * {@code SELECT j.id FROM <table("j")> WHERE <condition> AND j.id IN (}
	 * @param parameters binds the condition's parameters, which come before the ids
	 * @param candidates the ids read without a lock
	 * @param rows reads a chunk's rows
	 * @param id a row's id
	 * @return the locked rows
	 */
	<T> List<T> lock(Connection connection, String select, Parameters parameters, Collection<Long> candidates,
			Rows<T> rows, ToLongFunction<T> id) throws SQLException {
		List<T> locked = new ArrayList<>();
		for (List<Long> chunk : IdLists.chunks(candidates)) {
			try (PreparedStatement statement = connection
				.prepareStatement(select + IdLists.placeholders(chunk.size()) + ") FOR UPDATE")) {
				IdLists.bind(statement, parameters.bind(statement, 1), chunk);
				locked.addAll(rows.read(statement));
			}
		}
		if (locked.size() != candidates.size()) {
			Set<Long> kept = new HashSet<>();
			locked.forEach((row) -> kept.add(id.applyAsLong(row)));
			announceAvailable(connection,
					candidates.stream().filter((candidate) -> !kept.contains(candidate)).toList());
		}
		return locked;
	}

	/**
	 * {@link #lock} for a locking read whose first column is the id.
	 * @return the locked ids
	 */
	List<Long> lockIds(Connection connection, String select, Parameters parameters, Collection<Long> candidates)
			throws SQLException {
		return lock(connection, select, parameters, candidates, IdLocks::ids, Long::longValue);
	}

	/**
	 * Jobs this transaction locked without changing them may have been skipped by a claim
	 * meanwhile: the queues of those that are available hear of them once this commits.
	 * Rare, so the read runs only then; it locks too, to read the rows as they are now
	 * (they are locked already).
	 * @param ids the jobs locked but left as they were
	 */
	void announceAvailable(Connection connection, Collection<Long> ids) throws SQLException {
		if (this.local == null || ids.isEmpty() || !this.local.isHeard()) {
			return;
		}
		Set<String> queues = new LinkedHashSet<>();
		for (List<Long> chunk : IdLists.chunks(ids)) {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT queue FROM " + table("") + " WHERE id IN ("
						+ IdLists.placeholders(chunk.size()) + ") AND " + StateSql.is(AVAILABLE) + " FOR UPDATE")) {
				IdLists.bind(statement, 1, chunk);
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						queues.add(rows.getString(1));
					}
				}
			}
		}
		this.local.jobsAvailable(connection, queues);
	}

	private static List<Long> ids(PreparedStatement statement) throws SQLException {
		List<Long> ids = new ArrayList<>();
		try (ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				ids.add(rows.getLong(1));
			}
		}
		return ids;
	}

	/**
	 * Binds a statement's parameters from the first given index.
	 */
	@FunctionalInterface
	interface Parameters {

		/** No parameters. */
		Parameters NONE = (statement, first) -> first;

		/**
		 * @return the index of the next parameter
		 */
		int bind(PreparedStatement statement, int first) throws SQLException;

	}

	/**
	 * Reads the rows of a prepared query.
	 */
	@FunctionalInterface
	interface Rows<T> {

		List<T> read(PreparedStatement statement) throws SQLException;

	}

}
