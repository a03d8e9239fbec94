package dev.jobs.jdbc;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;

import dev.jobs.JobState;

/**
 * Conditions on the state column, written with the stored {@link JobState#code() codes}
 * so that a statement names the states it means. Statements build them once, with their
 * other text; the SQL is the same as with the numbers written out, so partial indexes
 * match as before.
 */
final class StateSql {

	private static final String COLUMN = "state";

	private StateSql() {
	}

	/**
	 * The jobs table's state column is the given state.
	 * @param state the state
	 * @return such as {@code state = 1}
	 */
	static String is(JobState state) {
		return is(COLUMN, state);
	}

	/**
	 * A state column, such as an alias's, is the given state.
	 * @param column the column, such as {@code j.state}
	 * @param state the state
	 * @return such as {@code j.state = 1}
	 */
	static String is(String column, JobState state) {
		return column + " = " + state.code();
	}

	/**
	 * The jobs table's state column is the given state, written so that no index on the
	 * state can serve it: the guard of an update whose rows are found by primary key. A
	 * plain {@code state = 0} there let the planner look the rows up through a state
	 * index instead (the claim index, or the state and queue index), and with statistics
	 * taken while the queue was empty it did: every claim then read all of a later
	 * backlog (41 and 60 ms a claim in two tries at 100,000 available jobs, against under
	 * 1 ms by primary key).
	 * @param state the state
	 * @return such as {@code state + 0 = 0}
	 */
	static String guard(JobState state) {
		return guard(COLUMN, state);
	}

	/**
	 * A state column, such as an alias's, is the given state, written as
	 * {@link #guard(JobState)} is, for the same reason.
	 * @param column the column, such as {@code j.state}
	 * @param state the state
	 * @return such as {@code j.state + 0 = 1}
	 */
	static String guard(String column, JobState state) {
		return column + " + 0 = " + state.code();
	}

	/**
	 * The jobs table's state column is one of the given states.
	 * @param states the states, at least one
	 * @return such as {@code state IN (0, 3, 6)}, codes in increasing order
	 */
	static String in(JobState... states) {
		return in(COLUMN, states);
	}

	/**
	 * A state column, such as an alias's, is one in which a job holds its unique key
	 * (available, executing, retryable, scheduled): the states of PostgreSQL's partial
	 * unique index, which the statements that find a key's holder repeat so that the
	 * index serves them.
	 * @param column the column, such as {@code h.state}
	 * @return such as {@code h.state IN (0, 1, 3, 6)}
	 */
	static String holdsUniqueKey(String column) {
		return in(column, JobState.AVAILABLE, JobState.EXECUTING, JobState.RETRYABLE, JobState.SCHEDULED);
	}

	/**
	 * A state column, such as an alias's, is one of the given states.
	 * @param column the column, such as {@code c.state}
	 * @param states the states, at least one
	 * @return such as {@code c.state IN (0, 3, 6)}, codes in increasing order
	 */
	static String in(String column, JobState... states) {
		if (states.length == 0) {
			throw new IllegalArgumentException("No states for " + column + " IN (...): name at least one");
		}
		return column + " IN ("
				+ Arrays.stream(states)
					.distinct()
					.sorted(Comparator.comparingInt(JobState::code))
					.map((state) -> Integer.toString(state.code()))
					.collect(Collectors.joining(", "))
				+ ")";
	}

}
