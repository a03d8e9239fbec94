package dev.jobs.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.jobs.Job;
import dev.jobs.limit.JobLimit;
import dev.jobs.limit.JobLimits;
import dev.jobs.limit.LimitPlan;
import dev.jobs.store.FetchParams;
import dev.jobs.store.FetchResult;

import static dev.jobs.JobState.AVAILABLE;
import static dev.jobs.JobState.EXECUTING;

/**
 * The claim under cluster-wide limits: one short transaction that takes the limits' lock
 * (a transaction-scoped advisory lock on PostgreSQL, a lock row elsewhere), counts the
 * executing jobs of the limited kinds and the recent starts of the rate-limited ones,
 * then picks the queue's jobs in claim order, skipping in the query the kinds and keys
 * that are full, so that limited jobs at a queue's head never hold up the jobs behind
 * them. Counting executing rows rather than keeping counters means there is nothing to
 * leak or reconcile: a rescued or finished job stops counting as it leaves
 * {@code executing}. The lock serializes claims under limits across the cluster, and the
 * counts read after it see every claim committed before.
 * <p>
 * Claims without limits never come here: {@link ClaimSql} is unchanged for them.
 */
final class LimitedClaimSql {

	/** Rounds of picking: each round that holds a job back adds a full kind or key. */
	private static final int MAX_ROUNDS = 8;

	/**
	 * The most kinds read one by one on H2 and MariaDB: MariaDB stops a recursive query
	 * after 1,000 steps by default (without an error), MySQL fails it, and a union of as
	 * many reads is a long statement. A queue with more kinds is read in claim order.
	 */
	private static final int MAX_KINDS_READ_BY_KIND = 500;

	/**
	 * The most full keys a read leaves out in its SQL, one parameter each: a per-key rate
	 * over very many keys could fill more than a statement takes (PostgreSQL's driver
	 * stops at 32,767), and every claim of the queue would fail. Past this many, a read
	 * returns jobs of the full keys not left out, which the plan holds back; should they
	 * fill the head of the queue, a claim takes nothing behind them until keys free.
	 */
	private static final int MAX_KEYS_LEFT_OUT = 10_000;

	private final Tables tables;

	private final Dialect dialect;

	private final String lock;

	/**
	 * What the lock is taken on: the advisory lock's name on PostgreSQL (hashed, one per
	 * jobs table), the lock row's name elsewhere.
	 */
	private final String lockName;

	private final String isPaused;

	private final String order;

	private final String markExecuting;

	private final String kinds;

	private final String kindOrder;

	private final String byKind;

	private final String claimByKind;

	private final String mergedOrder;

	/** See {@link #claimInOneRoundTrip}. */
	private final String claimWithinKindLimits;

	/** Reads by kind only where the index makes them cheap. */
	private final KindIndex kindIndex;

	LimitedClaimSql(Tables tables, boolean waitForFlush, KindIndex kindIndex) {
		this.tables = tables;
		this.kindIndex = kindIndex;
		this.dialect = tables.dialect();
		this.lockName = (this.dialect == Dialect.POSTGRESQL) ? tables.jobs() + " limits" : "claim";
		// JIT off for the transaction on PostgreSQL: the by-kind read's generic plan is
		// estimated far above its real cost (a hundred kinds of a third of the table
		// each), and compiling it took 30 ms of a claim that runs in a fraction of one.
		this.lock = (this.dialect == Dialect.POSTGRESQL)
				? "SELECT pg_advisory_xact_lock(hashtext(?)) AS locked, set_config('jit', 'off', true) AS jit, "
						+ (waitForFlush ? "" : "set_config('synchronous_commit', 'off', true) AS commit_mode, ")
						+ "EXISTS (SELECT 1 FROM " + tables.queues() + " WHERE name = ? AND paused) AS paused"
				: "SELECT name FROM " + tables.limitLock() + " WHERE name = ? FOR UPDATE";
		this.isPaused = "SELECT paused FROM " + tables.queues() + " WHERE name = ?";
		this.order = switch (this.dialect) {
			case POSTGRESQL -> " ORDER BY priority DESC, scheduled_at, id LIMIT ?";
			// The claim index's own order, so that H2 walks it rather than sorting.
			case H2 -> " ORDER BY state, queue, priority DESC, scheduled_at, id FETCH FIRST ? ROWS ONLY";
			case MARIADB -> " ORDER BY negated_priority, scheduled_at, id LIMIT ?";
		};
		// A loose index scan: each step finds the next kind in the by-kind claim index.
		String kindsSkipScan = "kinds (kind) AS (SELECT MIN(kind) FROM " + tables.jobs() + " WHERE "
				+ StateSql.is(AVAILABLE) + " AND queue = ? UNION ALL SELECT (SELECT MIN(j.kind) FROM " + tables.jobs()
				+ " j WHERE " + StateSql.is("j.state", AVAILABLE)
				+ " AND j.queue = ? AND j.kind > kinds.kind) FROM kinds WHERE kinds.kind IS NOT NULL)";
		this.kinds = "WITH RECURSIVE " + kindsSkipScan + " SELECT kind FROM kinds WHERE kind IS NOT NULL";
		// The same on PostgreSQL in one statement: each kind's head by a lateral join, up
		// to the kind's room (the claim's size for kinds without a kind-wide limit).
		this.byKind = "WITH RECURSIVE " + kindsSkipScan + ", rooms (kind, room) AS "
				+ "(SELECT * FROM unnest(?::text[], ?::integer[])) "
				+ kindHeads(tables, " AND (j.limit_key IS NULL OR NOT EXISTS (SELECT 1 FROM "
						+ "unnest(?::text[], ?::text[]) f (kind, key) WHERE f.kind = j.kind AND f.key = j.limit_key))",
						"");
		this.kindOrder = switch (this.dialect) {
			case POSTGRESQL -> " ORDER BY priority DESC, scheduled_at, id LIMIT ?";
			case H2 -> " ORDER BY state, queue, kind, priority DESC, scheduled_at, id FETCH FIRST ? ROWS ONLY";
			case MARIADB -> " ORDER BY negated_priority, scheduled_at, id LIMIT ?";
		};
		this.mergedOrder = (this.dialect == Dialect.H2)
				? " ORDER BY priority DESC, scheduled_at, id FETCH FIRST ? ROWS ONLY"
				: " ORDER BY priority DESC, scheduled_at, id LIMIT ?";
		String update = "UPDATE " + tables.jobs() + " SET state = " + EXECUTING.code()
				+ ", attempt = attempt + 1, attempted_at = ?, attempted_by = ? WHERE " + StateSql.is(AVAILABLE);
		this.claimByKind = update + " AND id = ANY(ARRAY(SELECT id FROM (" + this.byKind + ") picked)) RETURNING "
				+ JobRows.COLUMNS;
		this.claimWithinKindLimits = claimWithinKindLimits(tables, kindsSkipScan, update, waitForFlush);
		this.markExecuting = (this.dialect == Dialect.POSTGRESQL)
				? update + " AND id = ANY(?) RETURNING " + JobRows.COLUMNS : update + " AND id = ?";
	}

	/**
	 * The one-round-trip claim's statements, sent together: in auto-commit they run as
	 * one implicit transaction, and each takes its own snapshot, so the counts read after
	 * the lock see every claim committed before it. First the lock; then the claim, which
	 * counts the executing jobs of the limited kinds and reads each kind's head up to its
	 * room (the by-kind index: a full kind's jobs are never read); then the kinds the
	 * claim left full, which the producer needs to know that jobs wait on a limit.
	 */
	private static String claimWithinKindLimits(Tables tables, String kindsSkipScan, String update,
			boolean waitForFlush) {
		String rooms = "running (kind, count) AS (SELECT kind, count(*) FROM " + tables.jobs() + " WHERE "
				+ StateSql.is(EXECUTING) + " AND kind = ANY(?::text[]) AND id <> ALL(?::bigint[]) GROUP BY kind), "
				+ "rooms (kind, room) AS (SELECT l.kind, GREATEST(0, l.most - COALESCE(r.count, 0)) FROM "
				+ "unnest(?::text[], ?::integer[]) l (kind, most) LEFT JOIN running r ON r.kind = l.kind)";
		String heads = "WITH RECURSIVE " + kindsSkipScan + ", " + rooms + " " + kindHeads(tables, "",
				" AND NOT EXISTS (SELECT 1 FROM " + tables.queues() + " WHERE name = ? AND paused)");
		// The claim's generic plan is the one a custom plan picks too (the kinds' skip
		// scan, each kind's head by an index), but PostgreSQL estimates it far above its
		// cost and keeps planning the statement anew: a millisecond of planning for a
		// tenth of one of execution, under the lock that every limited claim waits for.
		return "SELECT pg_advisory_xact_lock(hashtext(?)), set_config('jit', 'off', true), "
				+ "set_config('plan_cache_mode', 'force_generic_plan', true)"
				+ (waitForFlush ? "" : ", set_config('synchronous_commit', 'off', true)") + ";\n" + update
				+ " AND id = ANY(ARRAY(SELECT id FROM (" + heads + ") picked)) RETURNING " + JobRows.COLUMNS + ";\n"
				+ "WITH " + rooms + " SELECT kind FROM rooms WHERE room = 0";
	}

	/**
	 * The head of each of the queue's kinds (from the {@code kinds} skip scan), up to its
	 * room in {@code rooms} or the claim's size, merged in claim order.
	 * @param tables the tables
	 * @param jobCondition more conditions on a kind's jobs {@code j}
	 * @param headsCondition more conditions on the heads, checked before any is read
	 * @return the SELECT, with parameters queue, the size for kinds without a room, those
	 * of the conditions, and the claim's size
	 */
	private static String kindHeads(Tables tables, String jobCondition, String headsCondition) {
		return "SELECT c.id, c.kind, c.limit_key FROM kinds k CROSS JOIN LATERAL (SELECT j.id, j.kind, "
				+ "j.limit_key, j.priority, j.scheduled_at FROM " + tables.jobs() + " j WHERE "
				+ StateSql.is("j.state", AVAILABLE) + " AND j.queue = ? AND j.kind = k.kind" + jobCondition
				+ " ORDER BY j.priority DESC, j.scheduled_at, j.id "
				+ "LIMIT COALESCE((SELECT r.room FROM rooms r WHERE r.kind = k.kind), ?)) c WHERE k.kind IS NOT NULL"
				+ headsCondition + " ORDER BY c.priority DESC, c.scheduled_at, c.id LIMIT ?";
	}

	/**
	 * Whether {@link #claimInOneRoundTrip} serves these limits: on PostgreSQL, with the
	 * by-kind index built, when every limit is a kind-wide concurrency. Keys and rates
	 * need the picking and the starts log of {@link #claim}.
	 * @param limits the limits of the claim
	 * @return whether to claim in one round trip, in auto-commit
	 */
	boolean claimsInOneRoundTrip(JobLimits limits) {
		return this.dialect == Dialect.POSTGRESQL && this.kindIndex.isPresent() && limits.all()
			.stream()
			.allMatch((limit) -> limit.concurrency() != null && limit.concurrencyPerKey() == null && !limit.hasRate());
	}

	/**
	 * The claim under kind-wide concurrency limits in one round trip, for a connection in
	 * auto-commit: the lock, the claim with its counts, and the kinds it left full, sent
	 * as one request and run as one transaction. The general claim takes four round trips
	 * under the lock (the lock, the counts, the claim, the commit), and the lock
	 * serializes every limited claim of the cluster, so its round trips bound how fast
	 * limited jobs start.
	 */
	FetchResult claimInOneRoundTrip(Connection connection, FetchParams params) throws SQLException {
		List<JobLimit> limits = params.limits().all();
		Array kinds = connection.createArrayOf("text", limits.stream().map(JobLimit::kind).toArray());
		Array mosts = connection.createArrayOf("integer", limits.stream().map(JobLimit::concurrency).toArray());
		Array ended = connection.createArrayOf("bigint", params.ended().toArray());
		try (PreparedStatement statement = connection.prepareStatement(this.claimWithinKindLimits)) {
			int index = 1;
			statement.setString(index++, this.lockName);
			this.dialect.setInstant(statement, index++, params.now());
			statement.setString(index++, params.nodeId());
			statement.setString(index++, params.queue());
			statement.setString(index++, params.queue());
			index = bindRooms(statement, index, kinds, ended, mosts);
			statement.setString(index++, params.queue());
			statement.setInt(index++, params.limit());
			statement.setString(index++, params.queue());
			statement.setInt(index++, params.limit());
			bindRooms(statement, index, kinds, ended, mosts);
			statement.execute();
			List<Job> claimed;
			boolean held;
			nextResult(statement);
			try (ResultSet rows = statement.getResultSet()) {
				claimed = JobRows.list(rows, this.dialect);
			}
			nextResult(statement);
			try (ResultSet rows = statement.getResultSet()) {
				held = rows.next();
			}
			claimed.sort(JobRows.CLAIM_ORDER);
			return new FetchResult(claimed, null, held);
		}
	}

	private static int bindRooms(PreparedStatement statement, int first, Array kinds, Array ended, Array mosts)
			throws SQLException {
		statement.setArray(first, kinds);
		statement.setArray(first + 1, ended);
		statement.setArray(first + 2, kinds);
		statement.setArray(first + 3, mosts);
		return first + 4;
	}

	private static void nextResult(Statement statement) throws SQLException {
		if (!statement.getMoreResults()) {
			throw new SQLException("The claim within limits returned " + statement.getUpdateCount()
					+ " rows where it expected a result set");
		}
	}

	FetchResult claim(Connection connection, FetchParams params) throws SQLException {
		if (lockAndCheckPaused(connection, params.queue())) {
			return FetchResult.unlimited(List.of());
		}
		Instant now = Jdbc.micros(params.now());
		JobLimits limits = params.limits();
		LimitPlan plan = new LimitPlan(limits, now);
		LimitCounts.executing(connection, this.tables, limits, params.ended(), plan::executing);
		LimitCounts.loadStarts(connection, this.tables, limits, now, plan, true);
		plan.checkLoaded();
		List<Job> claimed = new ArrayList<>();
		List<String> queueKinds = null;
		for (int round = 0; round < MAX_ROUNDS && claimed.size() < params.limit(); round++) {
			int wanted = params.limit() - claimed.size();
			int asked = wanted * 2;
			List<Candidate> candidates;
			// Whether fewer candidates than asked means that no more could fit.
			boolean readAll;
			if (!this.kindIndex.isPresent() || (plan.fullKinds().isEmpty() && !hasLittleRoom(limits, plan, asked))) {
				candidates = candidates(connection, params.queue(), plan, asked);
				readAll = true;
			}
			else {
				// A kind read only up to its room may hold more jobs that fit once a key
				// that filled up is left out.
				readAll = !hasLittleRoom(limits, plan, asked);
				if (this.dialect == Dialect.POSTGRESQL && !hasKeyLimits(limits)) {
					// Each kind is read up to its room: all of it fits.
					List<Job> jobs = claimByKind(connection, params, limits, plan, wanted);
					jobs.forEach((job) -> plan.tryTake(job.kind(), job.limitKey()));
					claimed.addAll(jobs);
					break;
				}
				if (this.dialect == Dialect.POSTGRESQL) {
					candidates = candidatesByKind(connection, params.queue(), limits, plan, asked);
				}
				else {
					if (queueKinds == null) {
						queueKinds = kinds(connection, params.queue());
					}
					candidates = (queueKinds.size() < MAX_KINDS_READ_BY_KIND)
							? candidatesByKind(connection, params.queue(), queueKinds, plan, asked)
							: candidates(connection, params.queue(), plan, asked);
				}
			}
			List<Long> taken = new ArrayList<>(wanted);
			boolean held = false;
			for (Candidate candidate : candidates) {
				if (taken.size() == wanted) {
					break;
				}
				if (plan.tryTake(candidate.kind(), candidate.key())) {
					taken.add(candidate.id());
				}
				else {
					held = true;
				}
			}
			claimed.addAll(mark(connection, taken, params));
			if (!held || (readAll && candidates.size() < asked)) {
				break;
			}
		}
		LimitCounts.logStarts(connection, this.tables, limits, claimed, now);
		claimed.sort(JobRows.CLAIM_ORDER);
		return new FetchResult(claimed, plan.retryAt(), plan.isHolding());
	}

	/**
	 * Take the limits' lock for this transaction, and read whether the queue is paused:
	 * on PostgreSQL one round trip, which also turns off the commit's wait for the WAL
	 * flush where the store does so for claims.
	 * @return whether the queue is paused
	 */
	private boolean lockAndCheckPaused(Connection connection, String queue) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.lock)) {
			statement.setString(1, this.lockName);
			if (this.dialect == Dialect.POSTGRESQL) {
				statement.setString(2, queue);
			}
			try (ResultSet rows = statement.executeQuery()) {
				if (!rows.next()) {
					throw new SQLException("The lock row of " + this.tables.limitLock() + " is missing; "
							+ "insert it again with: INSERT INTO " + this.tables.limitLock()
							+ " (name) VALUES ('claim')");
				}
				if (this.dialect == Dialect.POSTGRESQL) {
					return rows.getBoolean("paused");
				}
			}
		}
		try (PreparedStatement statement = connection.prepareStatement(this.isPaused)) {
			statement.setString(1, queue);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() && rows.getBoolean(1);
			}
		}
	}

	/**
	 * The next available jobs of the queue in claim order, leaving out the kinds and keys
	 * that are full (a job without a key is left out only with its kind).
	 */
	private List<Candidate> candidates(Connection connection, String queue, LimitPlan plan, int limit)
			throws SQLException {
		StringBuilder sql = new StringBuilder("SELECT id, kind, limit_key FROM ").append(this.tables.jobs())
			.append(" WHERE ")
			.append(StateSql.is(AVAILABLE))
			.append(" AND queue = ?");
		List<String> values = new ArrayList<>();
		values.add(queue);
		Set<String> fullKinds = plan.fullKinds();
		if (!fullKinds.isEmpty()) {
			sql.append(" AND kind NOT IN (").append(IdLists.placeholders(fullKinds.size())).append(')');
			values.addAll(fullKinds);
		}
		int keysLeft = MAX_KEYS_LEFT_OUT;
		for (Map.Entry<String, Set<String>> full : plan.fullKeys().entrySet()) {
			if (fullKinds.contains(full.getKey()) || keysLeft == 0) {
				continue;
			}
			List<String> keys = full.getValue().stream().limit(keysLeft).toList();
			keysLeft -= keys.size();
			sql.append(" AND NOT (kind = ? AND limit_key IS NOT NULL AND limit_key IN (")
				.append(IdLists.placeholders(keys.size()))
				.append("))");
			values.add(full.getKey());
			values.addAll(keys);
		}
		sql.append(this.order);
		try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
			int index = 1;
			for (String value : values) {
				statement.setString(index++, value);
			}
			statement.setInt(index, limit);
			return readCandidates(statement, limit);
		}
	}

	/**
	 * Whether a kind's own limits leave it less room than the claim asks for: reading the
	 * queue in claim order would then read jobs of that kind it cannot take, which the
	 * by-kind read leaves out.
	 */
	private static boolean hasLittleRoom(JobLimits limits, LimitPlan plan, int asked) {
		for (JobLimit limit : limits.all()) {
			if (plan.room(limit.kind()) < asked) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The kinds of the queue's available jobs: a skip scan of the by-kind claim index,
	 * one descent per kind however many jobs each holds.
	 */
	private List<String> kinds(Connection connection, String queue) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.kinds)) {
			statement.setString(1, queue);
			statement.setString(2, queue);
			List<String> kinds = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					kinds.add(rows.getString(1));
				}
			}
			return kinds;
		}
	}

	/**
	 * The next available jobs of the queue in claim order, when some kinds are full: the
	 * head of each kind that has room (at most its room), from the by-kind claim index,
	 * merged in claim order. A full kind's jobs are never read, so the cost grows with
	 * the queue's kinds and the jobs asked for, not with the jobs held back; the claim
	 * index would have to walk past every held job to find the others.
	 */
	private List<Candidate> candidatesByKind(Connection connection, String queue, List<String> queueKinds,
			LimitPlan plan, int limit) throws SQLException {
		StringBuilder branches = new StringBuilder();
		List<Object> values = new ArrayList<>();
		for (String kind : queueKinds) {
			int room = Math.min(plan.room(kind), limit);
			if (room == 0) {
				continue;
			}
			if (!branches.isEmpty()) {
				branches.append(" UNION ALL ");
			}
			branches.append("(SELECT id, kind, limit_key, priority, scheduled_at")
				.append((this.dialect == Dialect.MARIADB) ? ", negated_priority" : "")
				.append(" FROM ")
				.append(this.tables.jobs())
				.append(" WHERE ")
				.append(StateSql.is(AVAILABLE))
				.append(" AND queue = ? AND kind = ?");
			values.add(queue);
			values.add(kind);
			List<String> fullKeys = plan.fullKeys()
				.getOrDefault(kind, Set.of())
				.stream()
				.limit(MAX_KEYS_LEFT_OUT)
				.toList();
			if (!fullKeys.isEmpty()) {
				branches.append(" AND (limit_key IS NULL OR limit_key NOT IN (")
					.append(IdLists.placeholders(fullKeys.size()))
					.append("))");
				values.addAll(fullKeys);
			}
			branches.append(this.kindOrder).append(')');
			values.add(room);
		}
		if (branches.isEmpty()) {
			return List.of();
		}
		String sql = "SELECT id, kind, limit_key FROM (" + branches + ") heads" + this.mergedOrder;
		values.add(limit);
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			int index = 1;
			for (Object value : values) {
				statement.setObject(index++, value);
			}
			return readCandidates(statement, limit);
		}
	}

	/**
	 * {@link #candidatesByKind(Connection, String, List, LimitPlan, int)} in one
	 * statement on PostgreSQL: the skip scan of the kinds and each kind's head (a lateral
	 * join) together, with each limited kind's room and the full keys as arrays, so that
	 * the statement's text never changes.
	 */
	private List<Candidate> candidatesByKind(Connection connection, String queue, JobLimits limits, LimitPlan plan,
			int limit) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.byKind)) {
			bindByKind(connection, statement, 1, queue, limits, plan, limit);
			return readCandidates(statement, limit);
		}
	}

	/**
	 * Read by kind and claim what was read, in one statement on PostgreSQL: when no kind
	 * has a per-key limit, every job the by-kind read returns fits (each kind is read up
	 * to its room), so nothing needs picking.
	 */
	private List<Job> claimByKind(Connection connection, FetchParams params, JobLimits limits, LimitPlan plan,
			int limit) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.claimByKind)) {
			this.dialect.setInstant(statement, 1, params.now());
			statement.setString(2, params.nodeId());
			bindByKind(connection, statement, 3, params.queue(), limits, plan, limit);
			return JobRows.query(statement, this.dialect);
		}
	}

	private static void bindByKind(Connection connection, PreparedStatement statement, int first, String queue,
			JobLimits limits, LimitPlan plan, int limit) throws SQLException {
		List<String> roomKinds = new ArrayList<>();
		List<Integer> rooms = new ArrayList<>();
		for (JobLimit kindLimit : limits.all()) {
			roomKinds.add(kindLimit.kind());
			rooms.add(Math.min(plan.room(kindLimit.kind()), limit));
		}
		List<String> fullKeyKinds = new ArrayList<>();
		List<String> fullKeys = new ArrayList<>();
		plan.fullKeys().forEach((kind, keys) -> keys.forEach((key) -> {
			fullKeyKinds.add(kind);
			fullKeys.add(key);
		}));
		int index = first;
		statement.setString(index++, queue);
		statement.setString(index++, queue);
		statement.setArray(index++, connection.createArrayOf("text", roomKinds.toArray()));
		statement.setArray(index++, connection.createArrayOf("integer", rooms.toArray()));
		statement.setString(index++, queue);
		statement.setArray(index++, connection.createArrayOf("text", fullKeyKinds.toArray()));
		statement.setArray(index++, connection.createArrayOf("text", fullKeys.toArray()));
		statement.setInt(index++, limit);
		statement.setInt(index, limit);
	}

	private static boolean hasKeyLimits(JobLimits limits) {
		return limits.all()
			.stream()
			.anyMatch((limit) -> limit.concurrencyPerKey() != null || limit.ratePerKey() != null);
	}

	/**
	 * Claim the picked jobs, each only if still available: a node claiming without limits
	 * (configured differently) does not take the lock.
	 */
	private List<Job> mark(Connection connection, List<Long> ids, FetchParams params) throws SQLException {
		if (ids.isEmpty()) {
			return List.of();
		}
		try (PreparedStatement statement = connection.prepareStatement(this.markExecuting)) {
			if (this.dialect == Dialect.POSTGRESQL) {
				this.dialect.setInstant(statement, 1, params.now());
				statement.setString(2, params.nodeId());
				Array array = connection.createArrayOf("bigint", ids.toArray());
				statement.setArray(3, array);
				return JobRows.query(statement, this.dialect);
			}
			for (long id : ids) {
				this.dialect.setInstant(statement, 1, params.now());
				statement.setString(2, params.nodeId());
				statement.setLong(3, id);
				statement.addBatch();
			}
			int[] counts = statement.executeBatch();
			List<Long> claimed = new ArrayList<>(ids.size());
			for (int i = 0; i < counts.length; i++) {
				if (counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO) {
					claimed.add(ids.get(i));
				}
			}
			if (claimed.isEmpty()) {
				return List.of();
			}
			// Drivers may answer a batch without counts: the rows say which are ours.
			Instant claimedAt = Jdbc.micros(params.now());
			List<Job> jobs = new ArrayList<>(claimed.size());
			for (Job job : JobRows.byIds(connection, this.tables, claimed)) {
				if (job.state() == EXECUTING && params.nodeId().equals(job.attemptedBy())
						&& claimedAt.equals(job.attemptedAt())) {
					jobs.add(job);
				}
			}
			return jobs;
		}
	}

	private static List<Candidate> readCandidates(PreparedStatement statement, int limit) throws SQLException {
		List<Candidate> candidates = new ArrayList<>(limit);
		try (ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				candidates.add(new Candidate(rows.getLong(1), rows.getString(2), rows.getString(3)));
			}
		}
		return candidates;
	}

	private record Candidate(long id, String kind, String key) {
	}

}
