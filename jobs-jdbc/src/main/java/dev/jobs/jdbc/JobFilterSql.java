package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.store.JobCount;
import dev.jobs.store.JobFilter;
import dev.jobs.store.ListParams;
import org.jspecify.annotations.Nullable;

/**
 * A {@link JobFilter} as SQL, and the two reads built on it: a keyset page, newest first,
 * and a count that stops at a limit. State and queue are answered by the
 * {@code (state, queue, id)} index of schema version 5; the other parts filter the rows
 * met while walking the newest ids first, which fills a page fast when matches are common
 * and costs a longer walk when they are rare.
 */
final class JobFilterSql {

	/**
	 * Escapes {@code %}, {@code _} and itself in a LIKE pattern; the same in every
	 * dialect.
	 */
	private static final char ESCAPE = '!';

	private final Tables tables;

	JobFilterSql(Tables tables) {
		this.tables = tables;
	}

	List<Job> list(Connection connection, ListParams params) throws SQLException {
		Query query = listQuery(params);
		try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
			query.where().bind(statement);
			return JobRows.query(statement, this.tables.dialect());
		}
	}

	/**
	 * The keyset page's statement and its values.
	 * @param params the page
	 * @return the statement
	 */
	Query listQuery(ListParams params) {
		Where where = where(params.filter());
		if (params.beforeId() != null) {
			where.sql.append(" AND id < ?");
			where.values.add(params.beforeId());
		}
		// Executing jobs are few (the nodes' slots, and their claims ahead) and the
		// rescue index holds them all: sort them. Walking the newest ids first instead,
		// which statistics from a busier moment make look cheap, reads the whole table
		// whenever the page does not fill (370 ms at 156,000 rows in a benchmark, when
		// the orphan check still listed a node's jobs this way). On PostgreSQL no other
		// index holds them (schema version 7).
		String order = isExecutingJobs(params.filter()) ? "id + 0 DESC" : "id DESC";
		String sql = "SELECT " + JobRows.COLUMNS + " FROM " + this.tables.jobs() + " WHERE " + where.sql + " ORDER BY "
				+ order + this.tables.dialect().limit();
		where.values.add(params.limit());
		return new Query(sql, where);
	}

	private static boolean isExecutingJobs(JobFilter filter) {
		return filter.states().equals(Set.of(JobState.EXECUTING));
	}

	JobCount count(Connection connection, JobFilter filter, long limit) throws SQLException {
		Query query = countQuery(filter, limit);
		try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
			query.where().bind(statement);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return JobCount.of(rows.getLong(1), limit);
			}
		}
	}

	/**
	 * The count's statement and its values.
	 * @param filter the jobs to count
	 * @param limit where the count stops
	 * @return the statement
	 */
	Query countQuery(JobFilter filter, long limit) {
		Where where = where(filter);
		// The limit inside stops the index walk at the limit.
		String sql = "SELECT count(*) FROM (SELECT 1 AS one FROM " + this.tables.jobs() + " WHERE " + where.sql
				+ this.tables.dialect().limit() + ") limited";
		where.values.add(limit);
		return new Query(sql, where);
	}

	/**
	 * The filter as a condition on the jobs table (no alias), with its values in order.
	 * @param filter the filter
	 * @return the condition, {@code 1 = 1} for {@link JobFilter#ALL}
	 */
	Where where(JobFilter filter) {
		Where where = new Where(this.tables.dialect());
		if (!filter.states().isEmpty()) {
			where.sql.append(" AND ").append(StateSql.in(filter.states().toArray(JobState[]::new)));
		}
		where.add("queue = ?", filter.queue());
		where.add("kind = ?", filter.kind());
		where.add("inserted_at >= ?", filter.insertedFrom());
		where.add("inserted_at < ?", filter.insertedBefore());
		where.add("attempted_by = ?", filter.attemptedBy());
		where.add("id IN (SELECT job_id FROM " + this.tables.tags() + " WHERE tag = ?)", filter.tag());
		if (filter.text() != null) {
			String pattern = "%" + escape(filter.text().toLowerCase(Locale.ROOT)) + "%";
			String text = switch (this.tables.dialect()) {
				case POSTGRESQL -> "CAST(%s AS text)";
				default -> "%s";
			};
			where.sql.append(" AND (LOWER(")
				.append(text.formatted("args"))
				.append(") LIKE ? ESCAPE '")
				.append(ESCAPE)
				.append("' OR LOWER(")
				.append(text.formatted("errors"))
				.append(") LIKE ? ESCAPE '")
				.append(ESCAPE)
				.append("'");
			where.values.add(pattern);
			where.values.add(pattern);
			Long id = filter.textAsId();
			if (id != null) {
				where.sql.append(" OR id = ?");
				where.values.add(id);
			}
			where.sql.append(")");
		}
		return where;
	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c == ESCAPE || c == '%' || c == '_') {
				escaped.append(ESCAPE);
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	/**
	 * A statement and the values of its parameters.
	 *
	 * @param sql the statement
	 * @param where its condition, with the values of every parameter in order
	 */
	record Query(String sql, Where where) {

	}

	/**
	 * A condition and the values of its parameters.
	 */
	static final class Where {

		final StringBuilder sql = new StringBuilder("1 = 1");

		final List<Object> values = new ArrayList<>();

		private final Dialect dialect;

		Where(Dialect dialect) {
			this.dialect = dialect;
		}

		void add(String condition, @Nullable Object value) {
			if (value != null) {
				this.sql.append(" AND ").append(condition);
				this.values.add(value);
			}
		}

		void bind(PreparedStatement statement) throws SQLException {
			for (int i = 0; i < this.values.size(); i++) {
				Object value = this.values.get(i);
				if (value instanceof Instant instant) {
					this.dialect.setInstant(statement, i + 1, instant);
				}
				else {
					statement.setObject(i + 1, value);
				}
			}
		}

	}

}
