package dev.jobs.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The store's table and channel names in one schema with one prefix. Schema and prefix
 * are checked against a strict identifier pattern before they are ever written into SQL,
 * so concatenating them is safe; every value is a bind parameter.
 *
 * @param dialect the database
 * @param schema the schema, as the database folds it
 * @param prefix the table prefix, as the database folds it
 */
record Tables(Dialect dialect, String schema, String prefix) {

	/**
	 * Letters, digits and underscores, not starting with a digit: an unquoted identifier.
	 */
	static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	/**
	 * Longest schema name. Notification channels are named
	 * {@code <schema>.<prefix>jobs_insert}, and PostgreSQL allows 63 bytes.
	 */
	static final int MAX_SCHEMA_LENGTH = 32;

	/** Longest table prefix (see {@link #MAX_SCHEMA_LENGTH}). */
	static final int MAX_PREFIX_LENGTH = 16;

	static Tables of(Dialect dialect, String schema, String prefix) {
		requireIdentifier(schema, "schema", MAX_SCHEMA_LENGTH, false);
		requireIdentifier(prefix, "tablePrefix", MAX_PREFIX_LENGTH, true);
		// A MariaDB schema is a database, named as it is on disk: kept as given.
		return new Tables(dialect, (dialect == Dialect.MARIADB) ? schema : dialect.fold(schema), dialect.fold(prefix));
	}

	/**
	 * Check a schema name or table prefix.
	 * @param value the value
	 * @param setting the setting's name, for the message
	 * @param maxLength the longest allowed
	 * @param emptyAllowed whether the empty string is allowed
	 * @throws IllegalArgumentException if the value is not a plain identifier
	 */
	static void requireIdentifier(String value, String setting, int maxLength, boolean emptyAllowed) {
		if (value == null) {
			throw new IllegalArgumentException(setting + " must not be null");
		}
		if (value.isEmpty() && emptyAllowed) {
			return;
		}
		if (!IDENTIFIER.matcher(value).matches() || value.length() > maxLength) {
			throw new IllegalArgumentException(setting + " '" + value + "' is not a valid name: use 1 to " + maxLength
					+ " letters, digits and underscores, not starting with a digit (pattern " + IDENTIFIER.pattern()
					+ ")");
		}
	}

	String jobs() {
		return qualified("jobs");
	}

	String nodes() {
		return qualified("jobs_nodes");
	}

	String leader() {
		return qualified("jobs_leader");
	}

	String queues() {
		return qualified("jobs_queues");
	}

	String cron() {
		return qualified("jobs_cron");
	}

	String dependencies() {
		return qualified("jobs_dependencies");
	}

	String limitStarts() {
		return qualified("jobs_limit_starts");
	}

	/**
	 * The row that claims under limits lock, on databases without advisory locks.
	 * @return the table
	 */
	String limitLock() {
		return qualified("jobs_limit_lock");
	}

	String tags() {
		return qualified("jobs_tags");
	}

	String progress() {
		return qualified("jobs_progress");
	}

	/**
	 * The unqualified names of every table the store needs, as the database folds them.
	 * @return the names
	 */
	List<String> all() {
		List<String> all = new ArrayList<>(List.of(name("jobs"), name("jobs_nodes"), name("jobs_leader"),
				name("jobs_queues"), name("jobs_cron"), name("jobs_dependencies"), name("jobs_limit_starts"),
				name("jobs_tags"), name("jobs_progress")));
		if (this.dialect != Dialect.POSTGRESQL) {
			all.add(name("jobs_limit_lock"));
		}
		return List.copyOf(all);
	}

	String historyTable() {
		return name("jobs_schema_history");
	}

	/**
	 * The channel that announces available jobs; the payload is the queue. Qualified by
	 * schema so that stores in other schemas of the same database do not wake each other.
	 * @return the channel
	 */
	String insertChannel() {
		return this.schema + "." + this.prefix + "jobs_insert";
	}

	/**
	 * The channel that announces cancel requests; the payload is the job id.
	 * @return the channel
	 */
	String cancelChannel() {
		return this.schema + "." + this.prefix + "jobs_cancel";
	}

	/**
	 * A table's unqualified name, as the database folds it.
	 * @param table the table without prefix
	 * @return the name
	 */
	String name(String table) {
		return this.dialect.fold(this.prefix + table);
	}

	private String qualified(String table) {
		return this.schema + "." + this.prefix + table;
	}

}
