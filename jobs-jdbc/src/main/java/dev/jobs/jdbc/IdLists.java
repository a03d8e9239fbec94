package dev.jobs.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Job ids in {@code IN} lists. Databases cap a statement's parameters (PostgreSQL's
 * driver at 32,767), and a workflow's join or a batch's callback may wait for more jobs
 * than that: statements over many ids run once per chunk.
 */
final class IdLists {

	/** The most ids in one list. */
	static final int CHUNK = 1_000;

	private IdLists() {
	}

	/**
	 * The ids in chunks of at most {@link #CHUNK}, in their order.
	 * @param ids the ids
	 * @return the chunks
	 */
	static List<List<Long>> chunks(Collection<Long> ids) {
		return chunks(ids, CHUNK);
	}

	/**
	 * The ids in chunks of at most the given size, in their order.
	 * @param ids the ids
	 * @param size the most ids in a chunk
	 * @return the chunks
	 */
	static List<List<Long>> chunks(Collection<Long> ids, int size) {
		List<Long> all = List.copyOf(ids);
		List<List<Long>> chunks = new ArrayList<>();
		for (int from = 0; from < all.size(); from += size) {
			chunks.add(all.subList(from, Math.min(all.size(), from + size)));
		}
		return chunks;
	}

	static String placeholders(int count) {
		return String.join(", ", Collections.nCopies(count, "?"));
	}

	/**
	 * Bind ids to consecutive parameters.
	 * @return the index of the parameter after the last id
	 */
	static int bind(PreparedStatement statement, int first, Collection<Long> ids) throws SQLException {
		int index = first;
		for (long id : ids) {
			statement.setLong(index++, id);
		}
		return index;
	}

}
