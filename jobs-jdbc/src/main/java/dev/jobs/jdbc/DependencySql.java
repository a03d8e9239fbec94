package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.JobState;
import dev.jobs.store.BulkResult;
import dev.jobs.store.Dependencies;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import org.jspecify.annotations.Nullable;

import static dev.jobs.JobState.CANCELLED;
import static dev.jobs.JobState.COMPLETED;
import static dev.jobs.JobState.PENDING;

/**
 * Jobs that wait for other jobs. A waiting job is {@link JobState#PENDING} with a count
 * of unfinished dependencies; one row of the dependencies table per (dependency, waiting
 * job). A dependency's row is flagged {@code has_dependents}, so that only the outcomes
 * of such jobs look at the table: jobs without dependents pay nothing.
 * <p>
 * Races: an insert locks its dependencies' rows (it sets the flag) before reading their
 * states, and an outcome is written in the same transaction as the release that follows
 * it, in a statement of its own that sees every committed waiting job. Either the insert
 * sees the dependency finished, or the outcome's release sees the waiting job.
 */
final class DependencySql {

	private final Tables tables;

	private final Dialect dialect;

	private final String jobs;

	private final String dependencies;

	private final WorkflowSql workflows;

	/** Wakes this process's nodes for released jobs where the database cannot notify. */
	private final @Nullable LocalNotifier local;

	DependencySql(Tables tables, @Nullable LocalNotifier local) {
		this.tables = tables;
		this.local = local;
		this.dialect = tables.dialect();
		this.jobs = tables.jobs();
		this.dependencies = tables.dependencies();
		this.workflows = new WorkflowSql(tables, this, local);
	}

	WorkflowSql workflows() {
		return this.workflows;
	}

	static boolean any(InsertParams params) {
		return params.jobs().stream().anyMatch((job) -> !job.dependencies().isEmpty() || job.step() != null);
	}

	/**
	 * Make the jobs just inserted wait for their dependencies, in the insert's
	 * transaction.
	 * @param connection the insert's connection
	 * @param params the insert
	 * @param stored the inserted jobs, in the order of the insert
	 * @return the jobs as they are now
	 */
	List<Job> afterInsert(Connection connection, InsertParams params, List<Job> stored) throws SQLException {
		Map<Integer, List<Long>> wanted = new LinkedHashMap<>();
		Set<Long> all = new TreeSet<>();
		for (int i = 0; i < params.jobs().size(); i++) {
			Dependencies dependencies = params.jobs().get(i).dependencies();
			if (dependencies.isEmpty()) {
				continue;
			}
			Set<Long> ids = new LinkedHashSet<>(dependencies.ids());
			for (int position : dependencies.earlier()) {
				if (position >= i) {
					throw new IllegalArgumentException(Dependencies.laterMessage(i, position));
				}
				ids.add(stored.get(position).id());
			}
			wanted.put(i, List.copyOf(ids));
			all.addAll(ids);
		}
		Set<Long> changedIds = new LinkedHashSet<>(this.workflows.tagSteps(connection, params, stored));
		Map<Long, JobState> states = all.isEmpty() ? new HashMap<>() : lockDependencies(connection, all, stored);
		for (long id : all) {
			if (!states.containsKey(id)) {
				throw new IllegalArgumentException(Dependencies.missingMessage(id));
			}
		}
		List<long[]> edges = new ArrayList<>();
		List<Boolean> runAnyway = new ArrayList<>();
		Map<Long, Integer> pending = new LinkedHashMap<>();
		Map<Long, JobError> cancelled = new LinkedHashMap<>();
		Instant now = Jdbc.micros(params.now());
		for (Map.Entry<Integer, List<Long>> entry : wanted.entrySet()) {
			JobInsert insert = params.jobs().get(entry.getKey());
			Job job = stored.get(entry.getKey());
			int unfinished = 0;
			Long failed = null;
			for (long id : entry.getValue()) {
				edges.add(new long[] { id, job.id() });
				runAnyway.add(insert.dependencies().runAnyway());
				JobState state = states.get(id);
				if (!state.isFinal()) {
					unfinished++;
				}
				else if (state != COMPLETED && !insert.dependencies().runAnyway() && failed == null) {
					failed = id;
				}
			}
			if (failed != null) {
				cancelled.put(job.id(),
						new JobError(0, now, Dependencies.failedMessage(failed, states.get(failed)), null));
				states.put(job.id(), CANCELLED);
			}
			else if (unfinished > 0) {
				pending.put(job.id(), unfinished);
				states.put(job.id(), PENDING);
			}
		}
		insertEdges(connection, edges, runAnyway);
		markPending(connection, pending);
		cancelNew(connection, cancelled, now);
		this.workflows.awaitAdded(connection, params, stored, states, now);
		Map<Long, Job> changed = new HashMap<>();
		changedIds.addAll(pending.keySet());
		changedIds.addAll(cancelled.keySet());
		for (Job job : JobRows.byIds(connection, this.tables, changedIds)) {
			changed.put(job.id(), job);
		}
		List<Job> result = new ArrayList<>(stored.size());
		for (Job job : stored) {
			result.add(changed.getOrDefault(job.id(), job));
		}
		return result;
	}

	/**
	 * Flag the dependencies (which locks them) and read their states. A claim skips an
	 * available dependency while the insert holds it ({@code SKIP LOCKED}), and the
	 * insert's commit wakes only the queues of the jobs it inserts: the queues of earlier
	 * jobs hear of them too once the insert commits. The insert's own jobs, which no
	 * claim sees before that, are left out.
	 */
	private Map<Long, JobState> lockDependencies(Connection connection, Collection<Long> all, List<Job> inserted)
			throws SQLException {
		Map<Long, JobState> states = new HashMap<>();
		Set<Long> earlier = new HashSet<>(all);
		inserted.forEach((job) -> earlier.remove(job.id()));
		Set<String> available = new TreeSet<>();
		for (List<Long> chunk : IdLists.chunks(all)) {
			lockDependencies(connection, chunk, states, earlier, available);
		}
		if (this.dialect == Dialect.POSTGRESQL) {
			Notifications.send(connection, this.tables.insertChannel(), available);
		}
		else if (this.local != null) {
			this.local.jobsAvailable(connection, available);
		}
		return states;
	}

	private void lockDependencies(Connection connection, List<Long> ids, Map<Long, JobState> states, Set<Long> earlier,
			Set<String> available) throws SQLException {
		String in = IdLists.placeholders(ids.size());
		String select = (this.dialect == Dialect.POSTGRESQL)
				? "UPDATE " + this.jobs + " SET has_dependents = true WHERE id IN (" + in
						+ ") RETURNING id, state, queue"
				: "SELECT id, state, queue FROM " + this.jobs + " WHERE id IN (" + in + ") FOR UPDATE";
		try (PreparedStatement statement = connection.prepareStatement(select)) {
			IdLists.bind(statement, 1, ids);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					long id = rows.getLong(1);
					JobState state = JobState.fromCode(rows.getInt(2));
					states.put(id, state);
					if (state == JobState.AVAILABLE && earlier.contains(id)) {
						available.add(rows.getString(3));
					}
				}
			}
		}
		if (this.dialect != Dialect.POSTGRESQL) {
			try (PreparedStatement statement = connection
				.prepareStatement("UPDATE " + this.jobs + " SET has_dependents = TRUE WHERE id IN (" + in + ")")) {
				IdLists.bind(statement, 1, ids);
				statement.executeUpdate();
			}
		}
	}

	void insertEdges(Connection connection, List<long[]> edges, List<Boolean> runAnyway) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"INSERT INTO " + this.dependencies + " (depends_on, job_id, run_anyway) VALUES (?, ?, ?)")) {
			for (int i = 0; i < edges.size(); i++) {
				statement.setLong(1, edges.get(i)[0]);
				statement.setLong(2, edges.get(i)[1]);
				statement.setBoolean(3, runAnyway.get(i));
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	private void markPending(Connection connection, Map<Long, Integer> pending) throws SQLException {
		if (pending.isEmpty()) {
			return;
		}
		try (PreparedStatement statement = connection.prepareStatement(
				"UPDATE " + this.jobs + " SET state = " + PENDING.code() + ", pending_dependencies = ? WHERE id = ?")) {
			for (Map.Entry<Long, Integer> entry : pending.entrySet()) {
				statement.setInt(1, entry.getValue());
				statement.setLong(2, entry.getKey());
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	private void cancelNew(Connection connection, Map<Long, JobError> cancelled, Instant now) throws SQLException {
		if (cancelled.isEmpty()) {
			return;
		}
		try (PreparedStatement statement = connection.prepareStatement("UPDATE " + this.jobs + " SET state = "
				+ CANCELLED.code() + ", finished_at = ?, errors = " + this.dialect.jsonParameter() + " WHERE id = ?")) {
			for (Map.Entry<Long, JobError> entry : cancelled.entrySet()) {
				this.dialect.setInstant(statement, 1, now);
				statement.setString(2, ErrorsJson.append("[]", entry.getValue()));
				statement.setLong(3, entry.getKey());
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	/**
	 * Tell the jobs that wait for finished jobs, in the transaction that finished them: a
	 * completed dependency (or a failed one, for jobs that run anyway) counts down, and
	 * the last makes the waiting job available (scheduled, if its time has not come); a
	 * failed one cancels its waiting jobs, and so on down the graph. On PostgreSQL the
	 * released jobs' queues are notified, on commit.
	 * @param connection the transaction's connection
	 * @param finished jobs with dependents that reached a final state, by id
	 * @param now the time
	 */
	void release(Connection connection, Map<Long, JobState> finished, Instant now) throws SQLException {
		Map<Long, JobState> frontier = finished;
		while (!frontier.isEmpty()) {
			Map<Long, JobState> next = cancelDependents(connection, frontier, now);
			countDown(connection, frontier, now);
			frontier = next;
		}
	}

	private Map<Long, JobState> cancelDependents(Connection connection, Map<Long, JobState> finished, Instant now)
			throws SQLException {
		List<Long> failed = finished.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() != COMPLETED)
			.map(Map.Entry::getKey)
			.toList();
		if (failed.isEmpty()) {
			return Map.of();
		}
		// The first failed dependency of each waiting job names the cause.
		Map<Long, String> errors = new LinkedHashMap<>();
		for (List<Long> chunk : IdLists.chunks(failed)) {
			String select = "SELECT e.job_id, e.depends_on, j.errors FROM " + this.dependencies + " e JOIN " + this.jobs
					+ " j ON j.id = e.job_id WHERE e.depends_on IN (" + IdLists.placeholders(chunk.size())
					+ ") AND NOT e.run_anyway AND " + StateSql.is("j.state", PENDING)
					+ " ORDER BY e.job_id, e.depends_on";
			try (PreparedStatement statement = connection.prepareStatement(select)) {
				IdLists.bind(statement, 1, chunk);
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						long dependency = rows.getLong(2);
						errors.putIfAbsent(rows.getLong(1), ErrorsJson.append(rows.getString(3), new JobError(0, now,
								Dependencies.failedMessage(dependency, finished.get(dependency)), null)));
					}
				}
			}
		}
		if (errors.isEmpty()) {
			return Map.of();
		}
		Map<Long, JobState> cancelled = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement("UPDATE " + this.jobs + " SET state = "
				+ CANCELLED.code() + ", finished_at = ?, pending_dependencies = 0, errors = "
				+ this.dialect.jsonParameter() + " WHERE id = ? AND " + StateSql.is(PENDING))) {
			for (Map.Entry<Long, String> entry : errors.entrySet()) {
				this.dialect.setInstant(statement, 1, now);
				statement.setString(2, entry.getValue());
				statement.setLong(3, entry.getKey());
				statement.addBatch();
			}
			int[] counts = statement.executeBatch();
			int i = 0;
			for (Long id : errors.keySet()) {
				// A driver may report SUCCESS_NO_INFO (-2) for a row it updated.
				if (counts[i++] != 0) {
					cancelled.put(id, CANCELLED);
				}
			}
		}
		return cancelled;
	}

	/**
	 * Count down the waiting jobs of finished dependencies. PostgreSQL: one statement for
	 * the whole batch, one update per waiting job (however many of its dependencies
	 * finished in the batch), which also notifies the released jobs' queues.
	 */
	private void countDown(Connection connection, Map<Long, JobState> finished, Instant now) throws SQLException {
		List<Long> ids = new ArrayList<>(finished.keySet());
		List<Long> completed = finished.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() == COMPLETED)
			.map(Map.Entry::getKey)
			.toList();
		String nextState = "CASE WHEN pending_dependencies - d.n > 0 THEN " + PENDING.code()
				+ " WHEN scheduled_at > ? THEN " + JobState.SCHEDULED.code() + " ELSE " + JobState.AVAILABLE.code()
				+ " END";
		if (this.dialect == Dialect.POSTGRESQL) {
			// Arrays rather than IN lists: one statement text whatever the flush's size,
			// so the server parses and plans it once per connection.
			String sql = "WITH released AS (UPDATE " + this.jobs + " j SET state = "
					+ nextState.replace("pending_dependencies", "j.pending_dependencies")
						.replace("scheduled_at", "j.scheduled_at")
					+ ", pending_dependencies = greatest(j.pending_dependencies - d.n, 0) FROM (SELECT job_id, "
					+ "count(*) AS n FROM " + this.dependencies + " WHERE depends_on = ANY(CAST(? AS bigint[])) AND "
					+ "(run_anyway OR depends_on = ANY(CAST(? AS bigint[]))) GROUP BY job_id) d WHERE j.id = d.job_id AND "
					+ StateSql.is("j.state", PENDING)
					+ " RETURNING j.queue, j.state) SELECT pg_notify(?, queue) FROM (SELECT DISTINCT queue FROM "
					+ "released WHERE " + StateSql.is("state", JobState.AVAILABLE) + ") q";
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				this.dialect.setInstant(statement, 1, now);
				statement.setArray(2, connection.createArrayOf("bigint", ids.toArray(Long[]::new)));
				statement.setArray(3, connection.createArrayOf("bigint", completed.toArray(Long[]::new)));
				statement.setString(4, this.tables.insertChannel());
				statement.execute();
			}
			return;
		}
		Map<Long, Integer> byJob = new TreeMap<>();
		Set<Long> completedIds = new HashSet<>(completed);
		for (List<Long> chunk : IdLists.chunks(ids)) {
			countFinished(connection, chunk, completedIds, byJob);
		}
		if (byJob.isEmpty()) {
			return;
		}
		// The state is set first: MariaDB assigns left to right, with the new values.
		try (PreparedStatement statement = connection.prepareStatement("UPDATE " + this.jobs + " SET state = "
				+ nextState.replace("d.n", "?") + ", pending_dependencies = GREATEST(pending_dependencies - ?, 0) "
				+ "WHERE id = ? AND " + StateSql.is(PENDING))) {
			for (Map.Entry<Long, Integer> entry : byJob.entrySet()) {
				statement.setInt(1, entry.getValue());
				this.dialect.setInstant(statement, 2, now);
				statement.setInt(3, entry.getValue());
				statement.setLong(4, entry.getKey());
				statement.addBatch();
			}
			statement.executeBatch();
		}
		if (this.local != null && this.local.isHeard()) {
			this.local.jobsAvailable(connection, availableQueues(connection, byJob.keySet()));
		}
	}

	/** Add up, per waiting job, how many of the finished dependencies count down. */
	private void countFinished(Connection connection, List<Long> finished, Set<Long> completed,
			Map<Long, Integer> byJob) throws SQLException {
		List<Long> completedHere = finished.stream().filter(completed::contains).toList();
		String counts = "run_anyway" + (completedHere.isEmpty() ? ""
				: " OR depends_on IN (" + IdLists.placeholders(completedHere.size()) + ")");
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT job_id, count(*) AS n FROM " + this.dependencies + " WHERE depends_on IN ("
					+ IdLists.placeholders(finished.size()) + ") AND (" + counts + ") GROUP BY job_id")) {
			IdLists.bind(statement, IdLists.bind(statement, 1, finished), completedHere);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					byJob.merge(rows.getLong(1), rows.getInt(2), Integer::sum);
				}
			}
		}
	}

	private Set<String> availableQueues(Connection connection, Collection<Long> ids) throws SQLException {
		Set<String> queues = new TreeSet<>();
		for (List<Long> chunk : IdLists.chunks(ids)) {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT DISTINCT queue FROM " + this.jobs + " WHERE id IN ("
						+ IdLists.placeholders(chunk.size()) + ") AND " + StateSql.is(JobState.AVAILABLE))) {
				IdLists.bind(statement, 1, chunk);
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						queues.add(rows.getString(1));
					}
				}
			}
		}
		return queues;
	}

	/**
	 * Delete jobs, settling first the jobs that wait for the unfinished ones as if those
	 * had been cancelled, so that none waits for a job that no longer exists (a finished
	 * job settled its waiting jobs when it finished). The doomed jobs are locked first,
	 * all of them: an insert that starts to wait for one commits before, and its new
	 * waiting job is settled too, or waits until the delete commits and finds its
	 * dependency gone. They are cancelled before the jobs that wait for them are settled,
	 * so that a doomed job that also waits for another doomed one is settled once; and
	 * only they are deleted, not the waiting jobs the settling just released into a
	 * doomed state.
	 * @param connection the delete's transaction
	 * @param doomed a condition on the jobs table that picks the jobs to delete
	 * @param parameters binds the condition's parameters, from the first
	 * @param now the time of the cancellations
	 * @return how many jobs were deleted, and their queues
	 */
	BulkResult delete(Connection connection, String doomed, Parameters parameters, Instant now) throws SQLException {
		List<Long> ids = new ArrayList<>();
		List<Long> awaited = new ArrayList<>();
		Set<String> queues = new TreeSet<>();
		String unfinished = "has_dependents AND NOT " + StateSql.in(COMPLETED, JobState.DISCARDED, CANCELLED);
		try (PreparedStatement statement = connection.prepareStatement("SELECT id, queue, CASE WHEN " + unfinished
				+ " THEN 1 ELSE 0 END FROM " + this.jobs + " WHERE " + doomed + " ORDER BY id FOR UPDATE")) {
			parameters.bind(statement);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					ids.add(rows.getLong(1));
					queues.add(rows.getString(2));
					if (rows.getInt(3) == 1) {
						awaited.add(rows.getLong(1));
					}
				}
			}
		}
		if (!awaited.isEmpty()) {
			Instant at = Jdbc.micros(now);
			Map<Long, JobState> cancelled = new LinkedHashMap<>();
			for (List<Long> chunk : IdLists.chunks(awaited)) {
				try (PreparedStatement statement = connection.prepareStatement("UPDATE " + this.jobs + " SET state = "
						+ CANCELLED.code() + ", finished_at = ?, pending_dependencies = 0 WHERE id IN ("
						+ IdLists.placeholders(chunk.size()) + ")")) {
					this.dialect.setInstant(statement, 1, at);
					IdLists.bind(statement, 2, chunk);
					statement.executeUpdate();
				}
				chunk.forEach((id) -> cancelled.put(id, CANCELLED));
			}
			release(connection, cancelled, at);
		}
		int deleted = 0;
		for (List<Long> chunk : IdLists.chunks(ids)) {
			try (PreparedStatement statement = connection.prepareStatement(
					"DELETE FROM " + this.jobs + " WHERE id IN (" + IdLists.placeholders(chunk.size()) + ")")) {
				IdLists.bind(statement, 1, chunk);
				deleted += statement.executeUpdate();
			}
		}
		return new BulkResult(deleted, (deleted > 0) ? queues : Set.of());
	}

	/**
	 * The jobs a job depends on.
	 * @param connection the connection
	 * @param id the job
	 * @return its dependencies that still exist
	 */
	List<Job> dependencies(Connection connection, long id) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT " + JobRows.COLUMNS + " FROM "
				+ this.jobs + " WHERE id IN (SELECT depends_on FROM " + this.dependencies + " WHERE job_id = ?)")) {
			statement.setLong(1, id);
			return JobRows.query(statement, this.dialect);
		}
	}

	/**
	 * A condition on a finished job about to be pruned: no unfinished job depends on it
	 * (its result may still be read). Cheap for jobs without dependents.
	 * @param alias the jobs table's alias or name in the prune statement
	 * @return the condition
	 */
	String notNeeded(String alias) {
		return "(NOT " + alias + ".has_dependents OR NOT EXISTS (SELECT 1 FROM " + this.dependencies + " e JOIN "
				+ this.jobs + " w ON w.id = e.job_id WHERE e.depends_on = " + alias + ".id AND NOT "
				+ StateSql.in("w.state", COMPLETED, JobState.DISCARDED, CANCELLED) + "))";
	}

	/**
	 * Forget the dependencies of deleted jobs.
	 * @param connection the connection
	 * @param ids the deleted jobs
	 */
	void forget(Connection connection, Collection<Long> ids) throws SQLException {
		for (List<Long> chunk : IdLists.chunks(ids)) {
			String in = IdLists.placeholders(chunk.size());
			try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + this.dependencies
					+ " WHERE job_id IN (" + in + ") OR depends_on IN (" + in + ")")) {
				IdLists.bind(statement, IdLists.bind(statement, 1, chunk), chunk);
				statement.executeUpdate();
			}
		}
	}

	/**
	 * Binds the parameters of a condition.
	 */
	@FunctionalInterface
	interface Parameters {

		void bind(PreparedStatement statement) throws SQLException;

	}

}
