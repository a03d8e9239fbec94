package dev.jobs.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jobs.JobState;
import dev.jobs.store.Completion;
import dev.jobs.store.Completion.Result;
import org.jspecify.annotations.Nullable;

import static dev.jobs.JobState.AVAILABLE;
import static dev.jobs.JobState.CANCELLED;
import static dev.jobs.JobState.COMPLETED;
import static dev.jobs.JobState.DISCARDED;
import static dev.jobs.JobState.EXECUTING;
import static dev.jobs.JobState.RETRYABLE;
import static dev.jobs.JobState.SCHEDULED;

/**
 * Records attempt outcomes. Every update is guarded by the job being executing and by the
 * attempt it belongs to: an outcome that arrives after its job was rescued, cancelled,
 * retried or claimed again changes nothing.
 */
final class CompleteSql {

	/** The PostgreSQL statement's arrays, in its parameter order. */
	private static final ColumnArrays<Completion> OUTCOMES = ColumnArrays.<Completion>builder()
		.int8(Completion::id)
		.int2((completion) -> (short) completion.result().state().code())
		.bool((completion) -> completion.result().givesBackAttempt())
		.timestamp(Completion::scheduledAt)
		.timestamp(Completion::at)
		.text((completion) -> (completion.error() != null) ? ErrorsJson.write(completion.error()) : null)
		.int4(Completion::attempt)
		.timestamp(Completion::claimedAt)
		.text(Completion::value)
		.build();

	private final Dialect dialect;

	private final DependencySql dependencies;

	private final String jobs;

	private final String completeBatch;

	private final String completeOne;

	/** Followed by the id parameters and {@code ") FOR UPDATE"}. */
	private final String lockExecuting;

	/**
	 * SQL for outcomes.
	 * @param tables the tables
	 * @param waitForFlush whether outcome commits wait for the WAL flush (PostgreSQL)
	 */
	CompleteSql(Tables tables, boolean waitForFlush, DependencySql dependencies) {
		this.dialect = tables.dialect();
		this.dependencies = dependencies;
		this.jobs = tables.jobs();
		String jobs = this.jobs;
		String executing = StateSql.is(EXECUTING);
		// A job whose cancel was requested while it ran ends cancelled, not run again.
		String cancelledInstead = "j.cancel_requested AND " + StateSql.in("c.state", AVAILABLE, RETRYABLE, SCHEDULED);
		// The claim guard is written with IS NOT DISTINCT FROM (both sides are never
		// null here) so that it stays a filter of the join on id: as two more
		// equi-join clauses it made the planner pick a nested loop over every
		// executing row for every outcome, which grows with the square of the
		// backlog (see docs/performance.md).
		String sameClaim = "(j.attempt, j.attempted_at) IS NOT DISTINCT FROM (c.attempt, c.claimed_at)";
		// PostgreSQL: a whole flush in one statement, one array per field. Snooze and
		// release give the attempt back; final states get their finish time; an error is
		// appended to the history.
		// The outcomes of jobs that others wait for come back, to release those in the
		// same transaction.
		// Each outcome must find its job through the primary key. Two things kept the
		// planner from it: a plain "state = executing" lets it read every executing job
		// of the cluster through a state index instead, which its statistics (often taken
		// when few jobs ran) call free: with 8 nodes, 1,600 to 2,800 rows for each write,
		// whatever its size; and arrays it can see the length of let it pick a hash join
		// over a sequential scan for large writes on a small table. So the state is
		// compared as an expression (no index, no statistics: a default estimate), and
		// each array is handed over through a subquery, whose length the planner takes
		// for small (see docs/performance.md, "Many nodes, fifth session").
		this.completeBatch = "WITH done AS (UPDATE " + jobs + " j SET state = CASE WHEN " + cancelledInstead + " THEN "
				+ CANCELLED.code() + " ELSE c.state END, "
				+ "attempt = CASE WHEN c.give_back THEN greatest(j.attempt - 1, 0) ELSE j.attempt END, "
				+ "scheduled_at = coalesce(c.scheduled_at, j.scheduled_at), finished_at = CASE WHEN "
				+ StateSql.in("c.state", COMPLETED, DISCARDED, CANCELLED) + " OR (" + cancelledInstead
				+ ") THEN c.at ELSE j.finished_at END, "
				+ "errors = CASE WHEN c.error IS NULL THEN j.errors ELSE j.errors || jsonb_build_array(c.error) END, "
				+ "cancel_requested = false, result = coalesce(c.result, j.result) FROM unnest("
				+ String.join(", ", hidden("bigint"), hidden("smallint"), hidden("boolean"), hidden("timestamptz"),
						hidden("timestamptz"), hidden("jsonb"), hidden("integer"), hidden("timestamptz"),
						hidden("jsonb"))
				+ ") "
				+ "AS c(id, state, give_back, scheduled_at, at, error, attempt, claimed_at, result) WHERE j.id = c.id AND "
				+ StateSql.guard("j.state", EXECUTING) + " AND " + sameClaim
				+ this.dialect.commitCondition(waitForFlush)
				+ " RETURNING j.id, j.state, j.has_dependents) SELECT count(*), array_agg(id) FILTER (WHERE "
				+ "has_dependents AND " + StateSql.in("state", COMPLETED, DISCARDED, CANCELLED)
				+ "), array_agg(state) FILTER (WHERE has_dependents AND "
				+ StateSql.in("state", COMPLETED, DISCARDED, CANCELLED) + ") FROM done";
		this.completeOne = "UPDATE " + jobs + " SET state = ?, attempt = ?, scheduled_at = ?, finished_at = ?, "
				+ "errors = ?, cancel_requested = FALSE, result = coalesce(?, result) WHERE id = ? AND " + executing;
		this.lockExecuting = "SELECT id, attempt, attempted_at, scheduled_at, finished_at, errors, cancel_requested, "
				+ "has_dependents FROM " + jobs + " WHERE " + executing + " AND id IN (";
	}

	/**
	 * An array parameter whose length the planner does not see (a subquery's value).
	 * @param type the element type
	 * @return the SQL
	 */
	private static String hidden(String type) {
		return "(SELECT CAST(? AS " + type + "[]))";
	}

	/**
	 * The PostgreSQL outcome statement, for tests.
	 * @return the SQL, with one array parameter per field (ids, states, give-back,
	 * scheduled times, times, errors, attempts, claim times)
	 */
	String postgresCompleteStatement() {
		return this.completeBatch;
	}

	/**
	 * Outcomes are written in a transaction: on PostgreSQL too, since releasing the jobs
	 * that wait for them is a second statement that must commit with them.
	 * @return true
	 */
	boolean needsTransaction() {
		return true;
	}

	int complete(Connection connection, List<Completion> completions) throws SQLException {
		// A job's first outcome wins, as it would if they were written one by one.
		Map<Long, Completion> byId = new LinkedHashMap<>();
		for (Completion completion : completions) {
			byId.putIfAbsent(completion.id(), completion);
		}
		if (byId.isEmpty()) {
			return 0;
		}
		List<Completion> unique = new ArrayList<>(byId.values());
		return (this.dialect == Dialect.POSTGRESQL) ? completeBatch(connection, unique)
				: completeEach(connection, unique);
	}

	private int completeBatch(Connection connection, List<Completion> completions) throws SQLException {
		int updated;
		Map<Long, JobState> finished = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(this.completeBatch)) {
			OUTCOMES.bind(statement, 1, completions);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				updated = rows.getInt(1);
				Array ids = rows.getArray(2);
				if (ids != null) {
					Long[] finishedIds = (Long[]) ids.getArray();
					Object[] states = (Object[]) rows.getArray(3).getArray();
					for (int i = 0; i < finishedIds.length; i++) {
						finished.put(finishedIds[i], JobState.fromCode(((Number) states[i]).intValue()));
					}
				}
			}
		}
		if (!finished.isEmpty()) {
			this.dependencies.release(connection, finished, completions.get(0).at());
		}
		return updated;
	}

	/**
	 * H2 and MariaDB: lock the executing jobs among the batch, work out each new row, and
	 * write them in one JDBC batch, in one transaction. On MariaDB the plain completions
	 * (the common case) go in one statement of their own.
	 */
	private int completeEach(Connection connection, List<Completion> completions) throws SQLException {
		Map<Long, Current> current = lockExecuting(connection, completions);
		if (current.isEmpty()) {
			return 0;
		}
		List<Completion> plain = new ArrayList<>();
		Map<Long, JobState> finished = new LinkedHashMap<>();
		int updated = 0;
		try (PreparedStatement statement = connection.prepareStatement(this.completeOne)) {
			for (Completion completion : completions) {
				Current row = current.get(completion.id());
				if (row == null || row.attempt != completion.attempt() || completion.claimedAt() == null
						|| !Jdbc.micros(completion.claimedAt()).equals(row.attemptedAt)) {
					continue;
				}
				boolean cancelledInstead = row.cancelRequested && completion.result().state().isWaiting();
				JobState state = cancelledInstead ? CANCELLED : completion.result().state();
				if (row.hasDependents && state.isFinal()) {
					finished.put(completion.id(), state);
				}
				if (this.dialect == Dialect.MARIADB && completion.result() == Result.COMPLETED
						&& completion.error() == null && completion.value() == null) {
					plain.add(completion);
					continue;
				}
				statement.setInt(1, state.code());
				statement.setInt(2,
						completion.result().givesBackAttempt() ? Math.max(0, row.attempt - 1) : row.attempt);
				this.dialect.setInstant(statement, 3,
						(completion.scheduledAt() != null) ? completion.scheduledAt() : row.scheduledAt);
				this.dialect.setInstant(statement, 4, cancelledInstead ? completion.at()
						: (finishedAt(completion) != null) ? finishedAt(completion) : row.finishedAt);
				statement.setString(5,
						(completion.error() != null) ? ErrorsJson.append(row.errors, completion.error()) : row.errors);
				statement.setString(6, completion.value());
				statement.setLong(7, completion.id());
				statement.addBatch();
			}
			for (int count : statement.executeBatch()) {
				updated += Math.max(count, 0);
			}
		}
		updated += completePlain(connection, plain);
		if (!finished.isEmpty()) {
			this.dependencies.release(connection, finished, completions.get(0).at());
		}
		return updated;
	}

	/**
	 * MariaDB: completions without an error of jobs locked and checked above, in one
	 * statement. Only the state and the finish time change (a cancel request no longer
	 * matters once the job completed), so one UPDATE with the times by id does what the
	 * batch of single-row updates would, for a fraction of the statements.
	 */
	private int completePlain(Connection connection, List<Completion> plain) throws SQLException {
		if (plain.isEmpty()) {
			return 0;
		}
		String sql = "UPDATE " + this.jobs + " SET state = " + COMPLETED.code() + ", finished_at = CASE id "
				+ String.join(" ", Collections.nCopies(plain.size(), "WHEN ? THEN ?"))
				+ " END, cancel_requested = FALSE WHERE " + StateSql.is(EXECUTING) + " AND id IN ("
				+ IdLists.placeholders(plain.size()) + ")";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			int index = 1;
			for (Completion completion : plain) {
				statement.setLong(index++, completion.id());
				this.dialect.setInstant(statement, index++, completion.at());
			}
			for (Completion completion : plain) {
				statement.setLong(index++, completion.id());
			}
			return statement.executeUpdate();
		}
	}

	private Map<Long, Current> lockExecuting(Connection connection, List<Completion> completions) throws SQLException {
		Map<Long, Current> current = new HashMap<>();
		String sql = this.lockExecuting + IdLists.placeholders(completions.size()) + ") FOR UPDATE";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < completions.size(); i++) {
				statement.setLong(i + 1, completions.get(i).id());
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					current.put(rows.getLong("id"),
							new Current(rows.getInt("attempt"), this.dialect.getInstant(rows, "attempted_at"),
									this.dialect.getInstant(rows, "scheduled_at"),
									this.dialect.getInstant(rows, "finished_at"), rows.getString("errors"),
									rows.getBoolean("cancel_requested"), rows.getBoolean("has_dependents")));
				}
			}
		}
		return current;
	}

	private static @Nullable Instant finishedAt(Completion completion) {
		return completion.result().state().isFinal() ? completion.at() : null;
	}

	private record Current(int attempt, Instant attemptedAt, Instant scheduledAt, @Nullable Instant finishedAt,
			String errors, boolean cancelRequested, boolean hasDependents) {
	}

}
