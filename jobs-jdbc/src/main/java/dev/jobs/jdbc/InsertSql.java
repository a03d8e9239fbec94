package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.JobsException;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import org.jspecify.annotations.Nullable;

/**
 * Enqueue: inserts a batch of jobs, honouring unique keys. A job whose key is held by a
 * waiting or running job is not inserted: the holder is returned in its place (or, with
 * {@link UniqueStrategy#REPLACE}, updated while it waits). The unique index decides, so
 * concurrent enqueues on several nodes agree; a holder that finishes between the conflict
 * and the look-up makes the job go round again.
 */
final class InsertSql {

	/**
	 * Rounds of insert-then-look-up before giving up on keys that keep changing hands.
	 */
	private static final int MAX_ROUNDS = 10;

	private static final String KEY_HOLDING = StateSql.holdsUniqueKey("state");

	/**
	 * The predicate of PostgreSQL's partial unique index (schema version 6), which an
	 * {@code ON CONFLICT} must state to name that index as its arbiter.
	 */
	private static final String KEY_INDEX_PREDICATE = "unique_key IS NOT NULL AND " + KEY_HOLDING;

	/**
	 * The columns of the batch statement with unique keys, in the order it reads them.
	 */
	private static final ColumnArrays<JobInsert> BATCH_COLUMNS = ColumnArrays.<JobInsert>builder()
		.text(JobInsert::queue)
		.text(JobInsert::kind)
		.text(JobInsert::args)
		.int4(JobInsert::priority)
		.int4(JobInsert::maxAttempts)
		.timestamp(JobInsert::scheduledAt)
		.text(JobInsert::uniqueKey)
		.int8((job) -> millis(job.timeout()))
		.build();

	private final Tables tables;

	private final Dialect dialect;

	private final @Nullable String sequence;

	private final String insertBatch;

	private final String insertPlain;

	private final String insertOne;

	private final String insertSingle;

	private final String replace;

	private final String holderCondition;

	private final @Nullable MariaDbInsertSql mariaDb;

	private final TagsSql tags;

	/**
	 * SQL for enqueue.
	 * @param tables the tables
	 * @param sequence the id sequence (PostgreSQL)
	 * @param idStep the distance between the ids of one multi-row insert, MariaDB's
	 * {@code auto_increment_increment} (1 elsewhere)
	 */
	InsertSql(Tables tables, @Nullable String sequence, long idStep) {
		this.tables = tables;
		this.dialect = tables.dialect();
		this.sequence = sequence;
		this.tags = new TagsSql(tables);
		String jobs = tables.jobs();
		String initialState = "CASE WHEN scheduled_at > ? THEN " + JobState.SCHEDULED.code() + " ELSE "
				+ JobState.AVAILABLE.code() + " END";
		String insertColumns = "queue, kind, args, state, priority, attempt, max_attempts, inserted_at, scheduled_at, "
				+ "errors, unique_key, timeout_ms, cancel_requested";
		// PostgreSQL: the whole batch in one statement. Ids are drawn first, in
		// request order, so that each inserted row can be matched to its request
		// (ord); rows whose key is taken are skipped by ON CONFLICT and resolved
		// afterwards. No notification here: the engine announces available jobs
		// after the commit, on a connection of its own (see Notifications).
		// Names the unique index as the only arbiter, so that a conflict on any other
		// constraint is an error rather than a silently skipped job.
		String onKeyTaken = " ON CONFLICT (unique_key) WHERE " + KEY_INDEX_PREDICATE + " DO NOTHING";
		this.insertBatch = "WITH input AS MATERIALIZED (SELECT nextval(CAST(? AS regclass)) AS id, i.* "
				+ "FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS int[]), "
				+ "CAST(? AS int[]), CAST(? AS timestamptz[]), CAST(? AS text[]), CAST(? AS bigint[])) WITH ORDINALITY "
				+ "AS i(queue, kind, args, priority, max_attempts, scheduled_at, unique_key, timeout_ms, ord)), "
				+ "inserted AS (INSERT INTO " + jobs + " (id, " + insertColumns + ") "
				+ "SELECT id, queue, kind, CAST(args AS jsonb), " + initialState + ", "
				+ "priority, 0, max_attempts, ?, scheduled_at, '[]', unique_key, timeout_ms, false FROM input "
				+ "ORDER BY ord" + onKeyTaken + " RETURNING " + JobRows.COLUMNS + ") "
				+ "SELECT input.ord, inserted.* FROM inserted JOIN input ON input.id = inserted.id";
		// PostgreSQL, no unique key in the batch (the common case): nothing can conflict,
		// so the rows need neither speculative insertion nor matching back to their
		// requests. Ids come from the column default in input order, so in increasing
		// order; each job is built from its request, its id and its args as stored (jsonb
		// has its own spelling of the same JSON). A job due now has no
		// scheduled time in the arrays: the statement's now stands in for it.
		this.insertPlain = "WITH inserted AS (INSERT INTO " + jobs + " (" + insertColumns + ") "
				+ "SELECT queue, kind, CAST(args AS jsonb), " + initialState + ", priority, 0, "
				+ "max_attempts, ?, scheduled_at, '[]', NULL, timeout_ms, false FROM (SELECT i.queue, i.kind, i.args, "
				+ "i.priority, i.max_attempts, coalesce(i.scheduled_at, ?) AS scheduled_at, i.timeout_ms, i.ord "
				+ "FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS int[]), "
				+ "CAST(? AS int[]), CAST(? AS timestamptz[]), CAST(? AS bigint[])) WITH ORDINALITY "
				+ "AS i(queue, kind, args, priority, max_attempts, scheduled_at, timeout_ms, ord)) input ORDER BY ord "
				+ "RETURNING id, kind, args) SELECT id, kind, args FROM inserted ORDER BY id";
		// PostgreSQL, one job without a unique key: the plain statement a user would
		// write, which plans and binds in a fraction of the batch statement's time.
		this.insertSingle = "INSERT INTO " + jobs + " (" + insertColumns + ") VALUES (?, ?, CAST(? AS jsonb), ?, ?, 0, "
				+ "?, ?, ?, '[]', NULL, ?, false) RETURNING id, args";
		this.mariaDb = (this.dialect == Dialect.MARIADB) ? new MariaDbInsertSql(tables, idStep, insertColumns) : null;
		// Row by row: H2, and single unique jobs on PostgreSQL, where a taken key
		// returns no row (a unique violation would abort the caller's transaction).
		this.insertOne = this.dialect.returningJobs("INSERT INTO " + jobs + " (" + insertColumns + ") VALUES (?, ?, "
				+ this.dialect.jsonParameter() + ", ?, ?, 0, ?, ?, ?, '[]', ?, ?, FALSE)"
				+ ((this.dialect == Dialect.POSTGRESQL) ? onKeyTaken : ""));
		// H2 and MariaDB have no partial index: their unique index is on a
		// column that holds the key only while the job waits or runs.
		this.holderCondition = (this.dialect != Dialect.POSTGRESQL) ? "unique_holder = ?"
				: "unique_key = ? AND " + KEY_HOLDING;
		String replace = "UPDATE " + jobs + " SET args = " + this.dialect.jsonParameter()
				+ ", priority = ?, max_attempts = ?, timeout_ms = ?, scheduled_at = ?, state = ? WHERE "
				+ this.holderCondition + " AND "
				+ StateSql.in(JobState.AVAILABLE, JobState.RETRYABLE, JobState.SCHEDULED);
		this.replace = (this.mariaDb != null) ? replace : this.dialect.returningJobs(replace);
	}

	/**
	 * Whether inserting needs a transaction of its own when the caller has none: the
	 * PostgreSQL batch is one statement, atomic by itself, and so is a MariaDB batch
	 * without unique keys that fits one multi-row insert (by rows and by size); H2
	 * inserts row by row.
	 * @param params the insert
	 * @return whether the statements must commit together
	 */
	boolean needsTransaction(InsertParams params) {
		if (TagsSql.needed(params)) {
			return true;
		}
		return switch (this.dialect) {
			case POSTGRESQL -> false;
			case MARIADB -> params.jobs().stream().anyMatch((job) -> job.uniqueKey() != null)
					|| !this.mariaDb.oneStatement(params.jobs());
			case H2 -> true;
		};
	}

	List<Job> insert(Connection connection, InsertParams params) throws SQLException {
		boolean[] held = new boolean[params.jobs().size()];
		List<Job> stored = insertRows(connection, params, held);
		return TagsSql.needed(params) ? this.tags.write(connection, params.jobs(), stored, held) : stored;
	}

	private List<Job> insertRows(Connection connection, InsertParams params, boolean[] held) throws SQLException {
		List<JobInsert> jobs = params.jobs();
		Instant now = Jdbc.micros(params.now());
		boolean postgres = this.dialect == Dialect.POSTGRESQL;
		boolean noKeys = jobs.stream().allMatch((job) -> job.uniqueKey() == null);
		if (postgres && noKeys) {
			return (jobs.size() == 1) ? List.of(insertSingle(connection, jobs.get(0), now))
					: insertPlain(connection, jobs, now);
		}
		if (this.mariaDb != null && noKeys) {
			return this.mariaDb.insertRows(connection, jobs, now);
		}
		Job[] stored = new Job[jobs.size()];
		List<Integer> pending = new ArrayList<>(jobs.size());
		for (int i = 0; i < jobs.size(); i++) {
			pending.add(i);
		}
		for (int round = 0; !pending.isEmpty(); round++) {
			if (round == MAX_ROUNDS) {
				throw new JobsException("Could not enqueue " + pending.size() + " unique jobs: their keys changed "
						+ "hands " + MAX_ROUNDS + " times while enqueueing; try again");
			}
			List<Integer> conflicted = (postgres && pending.size() > 1)
					? insertBatch(connection, jobs, pending, now, stored)
					: (this.mariaDb != null) ? this.mariaDb.insertEach(connection, jobs, pending, now, stored)
							: insertEach(connection, jobs, pending, now, stored);
			pending = resolveHolders(connection, jobs, conflicted, now, stored, held);
		}
		return Arrays.asList(stored);
	}

	private List<Integer> insertBatch(Connection connection, List<JobInsert> jobs, List<Integer> pending, Instant now,
			Job[] stored) throws SQLException {
		List<JobInsert> batch = pending.stream().map(jobs::get).toList();
		try (PreparedStatement statement = connection.prepareStatement(this.insertBatch)) {
			statement.setString(1, this.sequence);
			int next = BATCH_COLUMNS.bind(statement, 2, batch);
			this.dialect.setInstant(statement, next, now);
			this.dialect.setInstant(statement, next + 1, now);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					stored[pending.get(rows.getInt("ord") - 1)] = JobRows.map(rows, this.dialect);
				}
			}
		}
		List<Integer> conflicted = new ArrayList<>();
		for (int index : pending) {
			if (stored[index] == null) {
				conflicted.add(index);
			}
		}
		return conflicted;
	}

	private List<Job> insertPlain(Connection connection, List<JobInsert> jobs, Instant now) throws SQLException {
		int size = jobs.size();
		// A job due now has no scheduled time in the
		// arrays: the statement's now stands in.
		ColumnArrays<JobInsert> columns = plainColumns(now);
		long[] ids = new long[size];
		String[] storedKinds = new String[size];
		String[] storedArgs = new String[size];
		int inserted = 0;
		try (PreparedStatement statement = connection.prepareStatement(this.insertPlain)) {
			this.dialect.setInstant(statement, 1, now);
			this.dialect.setInstant(statement, 2, now);
			this.dialect.setInstant(statement, 3, now);
			columns.bind(statement, 4, jobs);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next() && inserted < size) {
					ids[inserted] = rows.getLong(1);
					storedKinds[inserted] = rows.getString(2);
					storedArgs[inserted++] = rows.getString(3);
				}
			}
		}
		if (inserted != size) {
			throw new SQLException("Inserted " + inserted + " of " + size + " jobs");
		}
		// Ids were drawn in input order, so in id
		// order the rows line up with the requests.
		List<Job> stored = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			JobInsert job = jobs.get(i);
			if (!job.kind().equals(storedKinds[i])) {
				// Only a changed id default (not increasing) could do this: fail rather
				// than return jobs with each other's ids.
				throw new SQLException("Inserted jobs came back out of request order (job id " + ids[i]
						+ " is of kind '" + storedKinds[i] + "', request " + i + " of kind '" + job.kind()
						+ "'); outside a transaction of the caller's they are stored, but the id column's "
						+ "default must draw increasing values for enqueue to say which job got which id");
			}
			Long timeout = millis(job.timeout());
			stored.add(new Job(ids[i], job.queue(), job.kind(), storedArgs[i], initialState(job, now), job.priority(),
					0, job.maxAttempts(), now, Jdbc.micros(job.scheduledAt()), null, null, null, List.of(), null,
					(timeout != null) ? Duration.ofMillis(timeout) : null, false));
		}
		return stored;
	}

	private Job insertSingle(Connection connection, JobInsert job, Instant now) throws SQLException {
		JobState state = initialState(job, now);
		Instant scheduledAt = Jdbc.micros(job.scheduledAt());
		try (PreparedStatement statement = connection.prepareStatement(this.insertSingle)) {
			statement.setString(1, job.queue());
			statement.setString(2, job.kind());
			statement.setString(3, job.args());
			statement.setInt(4, state.code());
			statement.setInt(5, job.priority());
			statement.setInt(6, job.maxAttempts());
			this.dialect.setInstant(statement, 7, now);
			this.dialect.setInstant(statement, 8, scheduledAt);
			setMillis(statement, 9, job.timeout());
			try (ResultSet rows = statement.executeQuery()) {
				if (!rows.next()) {
					throw new SQLException("Inserting a job returned no row");
				}
				Long timeout = millis(job.timeout());
				return new Job(rows.getLong(1), job.queue(), job.kind(), rows.getString(2), state, job.priority(), 0,
						job.maxAttempts(), now, scheduledAt, null, null, null, List.of(), null,
						(timeout != null) ? Duration.ofMillis(timeout) : null, false);
			}
		}
	}

	private static ColumnArrays<JobInsert> plainColumns(Instant now) {
		return ColumnArrays.<JobInsert>builder()
			.text(JobInsert::queue)
			.text(JobInsert::kind)
			.text(JobInsert::args)
			.int4(JobInsert::priority)
			.int4(JobInsert::maxAttempts)
			.timestamp((job) -> {
				Instant scheduled = Jdbc.micros(job.scheduledAt());
				return scheduled.equals(now) ? null : scheduled;
			})
			.int8((job) -> millis(job.timeout()))
			.build();
	}

	private List<Integer> insertEach(Connection connection, List<JobInsert> jobs, List<Integer> pending, Instant now,
			Job[] stored) throws SQLException {
		List<Integer> conflicted = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(this.insertOne)) {
			for (int index : pending) {
				JobInsert job = jobs.get(index);
				statement.setString(1, job.queue());
				statement.setString(2, job.kind());
				statement.setString(3, job.args());
				statement.setInt(4, initialState(job, now).code());
				statement.setInt(5, job.priority());
				statement.setInt(6, job.maxAttempts());
				this.dialect.setInstant(statement, 7, now);
				this.dialect.setInstant(statement, 8, job.scheduledAt());
				statement.setString(9, job.uniqueKey());
				setMillis(statement, 10, job.timeout());
				try (ResultSet rows = statement.executeQuery()) {
					if (rows.next()) {
						stored[index] = JobRows.map(rows, this.dialect);
					}
					else {
						conflicted.add(index);
					}
				}
				catch (SQLException ex) {
					if (!Dialect.isUniqueViolation(ex)) {
						throw ex;
					}
					conflicted.add(index);
				}
			}
		}
		return conflicted;
	}

	/**
	 * Fill in the holders of taken keys, replacing waiting holders where asked, in
	 * request order (so a later request sees an earlier one's replacement).
	 * @param held set for each request answered by its key's holder
	 * @return the requests whose holder finished meanwhile, to be inserted again
	 */
	private List<Integer> resolveHolders(Connection connection, List<JobInsert> jobs, List<Integer> conflicted,
			Instant now, Job[] stored, boolean[] held) throws SQLException {
		if (conflicted.isEmpty()) {
			return List.of();
		}
		Set<String> keys = new LinkedHashSet<>();
		conflicted.forEach((index) -> keys.add(jobs.get(index).uniqueKey()));
		Map<String, Job> holders = new HashMap<>();
		for (String key : keys) {
			Job holder = holder(connection, key);
			if (holder != null) {
				holders.put(key, holder);
			}
		}
		List<Integer> retry = new ArrayList<>();
		for (int index : conflicted) {
			JobInsert job = jobs.get(index);
			String key = job.uniqueKey();
			if (job.uniqueStrategy() == UniqueStrategy.REPLACE) {
				Job replaced = replace(connection, job, now);
				holders.put(key, (replaced != null) ? replaced : holder(connection, key));
			}
			Job holder = holders.get(key);
			if (holder != null) {
				stored[index] = holder;
				held[index] = true;
			}
			else {
				retry.add(index);
			}
		}
		return retry;
	}

	private @Nullable Job holder(Connection connection, String key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT " + JobRows.COLUMNS + " FROM " + this.tables.jobs() + " WHERE " + this.holderCondition)) {
			statement.setString(1, key);
			List<Job> found = JobRows.query(statement, this.dialect);
			return found.isEmpty() ? null : found.get(0);
		}
	}

	private @Nullable Job replace(Connection connection, JobInsert job, Instant now) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.replace)) {
			statement.setString(1, job.args());
			statement.setInt(2, job.priority());
			statement.setInt(3, job.maxAttempts());
			setMillis(statement, 4, job.timeout());
			this.dialect.setInstant(statement, 5, job.scheduledAt());
			statement.setInt(6, initialState(job, now).code());
			statement.setString(7, job.uniqueKey());
			if (this.dialect == Dialect.MARIADB) {
				// No RETURNING: the holder, now locked by the update, is read back.
				return (statement.executeUpdate() == 1) ? holder(connection, job.uniqueKey()) : null;
			}
			List<Job> replaced = JobRows.query(statement, this.dialect);
			return replaced.isEmpty() ? null : replaced.get(0);
		}
	}

	static JobState initialState(JobInsert job, Instant now) {
		return Jdbc.micros(job.scheduledAt()).isAfter(now) ? JobState.SCHEDULED : JobState.AVAILABLE;
	}

	static void setMillis(PreparedStatement statement, int index, @Nullable Duration timeout) throws SQLException {
		Long millis = millis(timeout);
		if (millis == null) {
			statement.setNull(index, Types.BIGINT);
		}
		else {
			statement.setLong(index, millis);
		}
	}

	/**
	 * Timeouts are stored in milliseconds, rounded up so a positive one stays positive.
	 */
	static @Nullable Long millis(@Nullable Duration timeout) {
		if (timeout == null) {
			return null;
		}
		long millis = timeout.toMillis();
		return (timeout.minusMillis(millis).isZero()) ? millis : millis + 1;
	}

}
