package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.store.InsertParams;
import dev.jobs.store.WorkflowStep;
import org.jspecify.annotations.Nullable;

import static dev.jobs.JobState.PENDING;

/**
 * Workflow steps: which workflow a job belongs to, under which name, and the waiting
 * steps that also wait for steps added while the workflow runs.
 */
final class WorkflowSql {

	private final Dialect dialect;

	private final String jobs;

	private final String dependencies;

	private final DependencySql owner;

	private final IdLocks locks;

	/** The workflow's steps that await added steps (parameter: the workflow). */
	private final String awaiting;

	/** Locks the awaiting steps that still wait (parameter: the workflow, then ids). */
	private final String lockWaiting;

	WorkflowSql(Tables tables, DependencySql owner, @Nullable LocalNotifier local) {
		this.dialect = tables.dialect();
		this.jobs = tables.jobs();
		this.dependencies = tables.dependencies();
		this.owner = owner;
		this.locks = new IdLocks(tables, local);
		// Where a locking read by the workflow would lock all of its steps, available
		// ones too (MariaDB), the steps are read first and only the waiting ones locked.
		this.awaiting = "SELECT j.id, j.state, EXISTS (SELECT 1 FROM " + this.dependencies
				+ " e WHERE e.job_id = j.id AND e.run_anyway) FROM " + this.jobs
				+ " j WHERE j.workflow_id = ? AND j.awaits_added ORDER BY j.id"
				+ (this.locks.readsFirst() ? "" : " FOR UPDATE");
		this.lockWaiting = "SELECT j.id FROM " + this.locks.table("j")
				+ " WHERE j.workflow_id = ? AND j.awaits_added AND " + StateSql.is("j.state", PENDING)
				+ " AND j.id IN (";
	}

	/**
	 * Record the workflow steps among the inserted jobs: a new workflow takes the id of
	 * its first step's job.
	 * @return the ids of the steps
	 */
	List<Long> tagSteps(Connection connection, InsertParams params, List<Job> stored) throws SQLException {
		List<Long> ids = new ArrayList<>();
		Long newWorkflow = null;
		try (PreparedStatement statement = connection.prepareStatement(
				"UPDATE " + this.jobs + " SET workflow_id = ?, step = ?, awaits_added = ? WHERE id = ?")) {
			for (int i = 0; i < params.jobs().size(); i++) {
				WorkflowStep step = params.jobs().get(i).step();
				if (step == null) {
					continue;
				}
				long id = stored.get(i).id();
				if (step.workflowId() == 0 && newWorkflow == null) {
					newWorkflow = id;
				}
				statement.setLong(1, (step.workflowId() != 0) ? step.workflowId() : newWorkflow);
				statement.setString(2, step.name());
				statement.setBoolean(3, step.awaitsAdded());
				statement.setLong(4, id);
				statement.addBatch();
				ids.add(id);
			}
			if (!ids.isEmpty()) {
				statement.executeBatch();
			}
		}
		return ids;
	}

	/**
	 * Steps added to a running workflow: its pending steps that await added steps wait
	 * for each of them too (locked, then counted up). Where {@link IdLocks#readsFirst()},
	 * they are read without a lock first: a waiting step that another transaction
	 * committed after this one's snapshot is then not made to wait, as if it came after
	 * this insert.
	 */
	void awaitAdded(Connection connection, InsertParams params, List<Job> stored, Map<Long, JobState> states,
			Instant now) throws SQLException {
		Map<Long, List<Long>> added = new LinkedHashMap<>();
		for (int i = 0; i < params.jobs().size(); i++) {
			WorkflowStep step = params.jobs().get(i).step();
			if (step != null && step.workflowId() != 0) {
				added.computeIfAbsent(step.workflowId(), (id) -> new ArrayList<>()).add(stored.get(i).id());
			}
		}
		for (Map.Entry<Long, List<Long>> workflow : added.entrySet()) {
			Map<Long, Boolean> waiting = new LinkedHashMap<>();
			boolean any = false;
			try (PreparedStatement statement = connection.prepareStatement(this.awaiting)) {
				statement.setLong(1, workflow.getKey());
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						any = true;
						long id = rows.getLong(1);
						if (rows.getInt(2) == PENDING.code() && !workflow.getValue().contains(id)) {
							waiting.put(id, rows.getBoolean(3));
						}
					}
				}
			}
			if (this.locks.readsFirst() && !waiting.isEmpty()) {
				waiting.keySet().retainAll(this.locks.lockIds(connection, this.lockWaiting, (statement, first) -> {
					statement.setLong(first, workflow.getKey());
					return first + 1;
				}, List.copyOf(waiting.keySet())));
			}
			if (any && waiting.isEmpty()) {
				throw new IllegalStateException(WorkflowStep.tooLateMessage(workflow.getKey()));
			}
			if (waiting.isEmpty()) {
				continue;
			}
			List<long[]> edges = new ArrayList<>();
			List<Boolean> runAnyway = new ArrayList<>();
			for (long newStep : workflow.getValue()) {
				for (Map.Entry<Long, Boolean> awaiting : waiting.entrySet()) {
					edges.add(new long[] { newStep, awaiting.getKey() });
					runAnyway.add(awaiting.getValue());
				}
			}
			this.owner.insertEdges(connection, edges, runAnyway);
			try (PreparedStatement statement = connection.prepareStatement(
					"UPDATE " + this.jobs + " SET pending_dependencies = pending_dependencies + ? WHERE id = ?")) {
				for (long id : waiting.keySet()) {
					statement.setInt(1, workflow.getValue().size());
					statement.setLong(2, id);
					statement.addBatch();
				}
				statement.executeBatch();
			}
			for (List<Long> chunk : IdLists.chunks(workflow.getValue())) {
				try (PreparedStatement statement = connection.prepareStatement("UPDATE " + this.jobs
						+ " SET has_dependents = TRUE WHERE id IN (" + IdLists.placeholders(chunk.size()) + ")")) {
					IdLists.bind(statement, 1, chunk);
					statement.executeUpdate();
				}
			}
			// A new step that ended at once (cancelled for a failed dependency) counts
			// now.
			Map<Long, JobState> finished = new LinkedHashMap<>();
			for (long id : workflow.getValue()) {
				JobState state = states.get(id);
				if (state != null && state.isFinal()) {
					finished.put(id, state);
				}
			}
			if (!finished.isEmpty()) {
				this.owner.release(connection, finished, now);
			}
		}
	}

	/**
	 * The steps of a workflow.
	 * @param connection the connection
	 * @param workflowId the workflow
	 * @return its jobs, oldest first
	 */
	List<Job> workflow(Connection connection, long workflowId) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT " + JobRows.COLUMNS + " FROM " + this.jobs + " WHERE workflow_id = ? ORDER BY id")) {
			statement.setLong(1, workflowId);
			return JobRows.query(statement, this.dialect);
		}
	}

}
