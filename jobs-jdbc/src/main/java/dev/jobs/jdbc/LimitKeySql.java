package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.jobs.Job;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;

/**
 * Writes the limit keys of newly inserted jobs, in the insert's transaction. The insert
 * statements stay as they are for the jobs without a key, the common case; jobs with a
 * key pay one batched update on top, and commit together with it, so that no claim can
 * see one without its key.
 */
final class LimitKeySql {

	private LimitKeySql() {
	}

	/**
	 * Whether an insert has keys to write, and so needs a transaction.
	 * @param params the insert
	 * @return whether a job has a limit key
	 */
	static boolean hasKeys(InsertParams params) {
		return params.jobs().stream().anyMatch((job) -> job.limitKey() != null);
	}

	/**
	 * Write the keys of the jobs that the insert stored anew; a unique job's holder,
	 * returned in a request's place, keeps its own key.
	 * @param connection the insert's connection
	 * @param tables the tables
	 * @param params the insert
	 * @param stored the stored jobs, in request order
	 * @return the stored jobs with their keys
	 */
	static List<Job> assign(Connection connection, Tables tables, InsertParams params, List<Job> stored)
			throws SQLException {
		Instant now = Jdbc.micros(params.now());
		List<Job> keyed = new ArrayList<>(stored);
		try (PreparedStatement statement = connection
			.prepareStatement("UPDATE " + tables.jobs() + " SET limit_key = ? WHERE id = ?")) {
			int batched = 0;
			for (int i = 0; i < stored.size(); i++) {
				JobInsert request = params.jobs().get(i);
				Job job = stored.get(i);
				if (request.limitKey() == null || job.limitKey() != null || !now.equals(job.insertedAt())) {
					continue;
				}
				statement.setString(1, request.limitKey());
				statement.setLong(2, job.id());
				statement.addBatch();
				batched++;
				keyed.set(i, job.withLimitKey(request.limitKey()));
			}
			if (batched > 0) {
				statement.executeBatch();
			}
		}
		return keyed;
	}

}
