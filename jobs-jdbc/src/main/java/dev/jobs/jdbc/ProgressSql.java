package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.jobs.JobProgress;
import org.jspecify.annotations.Nullable;

/**
 * What running jobs report of themselves, in a table of its own ({@code jobs_progress},
 * one row per job) so that the hot jobs table is never rewritten for it. A report
 * replaces the job's previous one: an upsert per dialect, all reports of a flush in one
 * batch. Reading the row from {@code jobs} by its key drops the reports of jobs deleted
 * meanwhile, rather than failing the batch on the foreign key.
 */
final class ProgressSql {

	private static final String COLUMNS = "job_id, attempt, fraction, done, total, log, updated_at";

	/** The PostgreSQL statement's arrays, in its parameter order. */
	private static final ColumnArrays<JobProgress> REPORTS = ColumnArrays.<JobProgress>builder()
		.int8(JobProgress::jobId)
		.int4(JobProgress::attempt)
		.float8(JobProgress::fraction)
		.int8(JobProgress::done)
		.int8(JobProgress::total)
		.text((report) -> TagsJson.writeTags(report.log()))
		.timestamp(JobProgress::updatedAt)
		.build();

	private final Dialect dialect;

	private final String save;

	private final String find;

	ProgressSql(Tables tables) {
		this.dialect = tables.dialect();
		String select = "SELECT id, ?, ?, ?, ?, ?, ? FROM " + tables.jobs() + " WHERE id = ?";
		String progress = tables.progress();
		this.save = switch (this.dialect) {
			// One statement for the whole flush, one array per column: a flush holds a
			// report of every running job, tens of thousands in a fast drain.
			case POSTGRESQL -> "INSERT INTO " + progress + " (" + COLUMNS + ") SELECT " + COLUMNS + " FROM unnest("
					+ "CAST(? AS bigint[]), CAST(? AS integer[]), CAST(? AS double precision[]), CAST(? AS bigint[]), "
					+ "CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS timestamptz[])) AS r(" + COLUMNS
					+ ") WHERE EXISTS (SELECT 1 FROM " + tables.jobs()
					+ " j WHERE j.id = r.job_id) ON CONFLICT (job_id) DO UPDATE SET attempt = EXCLUDED.attempt, fraction = EXCLUDED.fraction, "
					+ "done = EXCLUDED.done, total = EXCLUDED.total, log = EXCLUDED.log, "
					+ "updated_at = EXCLUDED.updated_at";
			case H2 -> "MERGE INTO " + progress + " (" + COLUMNS + ") KEY (job_id) " + select;
			case MARIADB -> "INSERT INTO " + progress + " (" + COLUMNS + ") " + select
					+ " ON DUPLICATE KEY UPDATE attempt = VALUES(attempt), fraction = VALUES(fraction), "
					+ "done = VALUES(done), total = VALUES(total), log = VALUES(log), updated_at = VALUES(updated_at)";
		};
		this.find = "SELECT " + COLUMNS + " FROM " + progress + " WHERE job_id = ?";
	}

	void save(Connection connection, List<JobProgress> reports) throws SQLException {
		if (this.dialect == Dialect.POSTGRESQL) {
			// A job's last report wins; one statement may not update a row twice.
			Map<Long, JobProgress> last = new LinkedHashMap<>();
			reports.forEach((report) -> last.put(report.jobId(), report));
			try (PreparedStatement statement = connection.prepareStatement(this.save)) {
				REPORTS.bind(statement, 1, List.copyOf(last.values()));
				statement.executeUpdate();
			}
			return;
		}
		try (PreparedStatement statement = connection.prepareStatement(this.save)) {
			for (JobProgress report : reports) {
				statement.setInt(1, report.attempt());
				setDouble(statement, 2, report.fraction());
				setLong(statement, 3, report.done());
				setLong(statement, 4, report.total());
				statement.setString(5, TagsJson.writeTags(report.log()));
				this.dialect.setInstant(statement, 6, Jdbc.micros(report.updatedAt()));
				statement.setLong(7, report.jobId());
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	Optional<JobProgress> find(Connection connection, long id) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.find)) {
			statement.setLong(1, id);
			try (ResultSet row = statement.executeQuery()) {
				if (!row.next()) {
					return Optional.empty();
				}
				double fraction = row.getDouble("fraction");
				Double maybeFraction = row.wasNull() ? null : fraction;
				long done = row.getLong("done");
				Long maybeDone = row.wasNull() ? null : done;
				long total = row.getLong("total");
				Long maybeTotal = row.wasNull() ? null : total;
				return Optional.of(new JobProgress(row.getLong("job_id"), row.getInt("attempt"), maybeFraction,
						maybeDone, maybeTotal, TagsJson.readTags(row.getString("log")),
						this.dialect.getInstant(row, "updated_at")));
			}
		}
	}

	private static void setDouble(PreparedStatement statement, int index, @Nullable Double value) throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.DOUBLE);
		}
		else {
			statement.setDouble(index, value);
		}
	}

	private static void setLong(PreparedStatement statement, int index, @Nullable Long value) throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.BIGINT);
		}
		else {
			statement.setLong(index, value);
		}
	}

}
