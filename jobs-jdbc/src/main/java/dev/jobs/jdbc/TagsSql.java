package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import dev.jobs.Job;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;

/**
 * Tags and meta of new jobs. They are written after the rows, by a second and third
 * batched statement, only for the jobs that have them: the insert statements, tuned per
 * dialect for plain jobs, stay as they are, and a call without tags or meta costs nothing
 * more. The {@code jobs_tags} table holds one row per tag for the listing's filter; its
 * rows are deleted with their job by the foreign key.
 */
final class TagsSql {

	private final String updateRow;

	private final String insertTag;

	private final String tagFilter;

	TagsSql(Tables tables) {
		this.updateRow = "UPDATE " + tables.jobs() + " SET tags = ?, meta = ? WHERE id = ?";
		this.insertTag = "INSERT INTO " + tables.tags() + " (tag, job_id) VALUES (?, ?)";
		this.tagFilter = " AND id IN (SELECT job_id FROM " + tables.tags() + " WHERE tag = ?)";
	}

	static boolean needed(InsertParams params) {
		return params.jobs().stream().anyMatch(JobInsert::hasTagsOrMeta);
	}

	/**
	 * The listing's condition for one tag, with one parameter.
	 * @return the SQL, starting with {@code AND}
	 */
	String filter() {
		return this.tagFilter;
	}

	/**
	 * Store the tags and meta of the jobs this insert created. A request answered by the
	 * holder of its unique key changes nothing: the holder keeps what it was enqueued
	 * with.
	 * @param connection the insert's connection
	 * @param requests the requests
	 * @param stored the stored jobs, in request order
	 * @param held which requests were answered by a key's holder
	 * @return the stored jobs, the new ones with their tags and meta
	 */
	List<Job> write(Connection connection, List<JobInsert> requests, List<Job> stored, boolean[] held)
			throws SQLException {
		List<Job> result = new ArrayList<>(stored);
		List<Integer> written = new ArrayList<>();
		for (int i = 0; i < requests.size(); i++) {
			if (!held[i] && requests.get(i).hasTagsOrMeta()) {
				written.add(i);
			}
		}
		if (written.isEmpty()) {
			return result;
		}
		boolean anyTags = false;
		try (PreparedStatement statement = connection.prepareStatement(this.updateRow)) {
			for (int index : written) {
				JobInsert request = requests.get(index);
				setJson(statement, 1, request.tags().isEmpty() ? null : TagsJson.writeTags(request.tags()));
				setJson(statement, 2, request.meta().isEmpty() ? null : TagsJson.writeMeta(request.meta()));
				statement.setLong(3, stored.get(index).id());
				statement.addBatch();
				anyTags |= !request.tags().isEmpty();
				result.set(index, stored.get(index).withTagsAndMeta(request.tags(), request.meta()));
			}
			statement.executeBatch();
		}
		// A later request of this call that a new job's key answered got the job as
		// it was before its tags were written.
		for (int i = 0; i < result.size(); i++) {
			if (held[i]) {
				long id = result.get(i).id();
				for (int index : written) {
					if (result.get(index).id() == id) {
						result.set(i, result.get(index));
					}
				}
			}
		}
		if (anyTags) {
			try (PreparedStatement statement = connection.prepareStatement(this.insertTag)) {
				for (int index : written) {
					for (String tag : requests.get(index).tags()) {
						statement.setString(1, tag);
						statement.setLong(2, stored.get(index).id());
						statement.addBatch();
					}
				}
				statement.executeBatch();
			}
		}
		return result;
	}

	private static void setJson(PreparedStatement statement, int index, String json) throws SQLException {
		if (json == null) {
			statement.setNull(index, Types.VARCHAR);
		}
		else {
			statement.setString(index, json);
		}
	}

}
