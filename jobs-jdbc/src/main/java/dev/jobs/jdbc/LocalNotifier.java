package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.jobs.store.JobNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier of a store on a database without LISTEN/NOTIFY (H2, MariaDB): once a
 * transaction of the store commits, it tells the nodes of this process that jobs the
 * transaction released became available, or that a running job was asked to stop. Nodes
 * in other processes hear of it at their next poll, as before.
 */
final class LocalNotifier implements JobNotifier {

	private static final Logger logger = LoggerFactory.getLogger(LocalNotifier.class);

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	@Override
	public Subscription subscribe(Listener listener) {
		this.listeners.add(listener);
		return () -> this.listeners.remove(listener);
	}

	/** A listener that fails does not keep the others from hearing. */
	private void tellEach(Consumer<Listener> message) {
		for (Listener listener : this.listeners) {
			try {
				message.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("A job store listener failed: {}", ex.toString());
			}
		}
	}

	/**
	 * Whether anyone listens: when not, the store need not find out what to tell.
	 * @return true while a node is subscribed
	 */
	boolean isHeard() {
		return !this.listeners.isEmpty();
	}

	/**
	 * Tell this process's nodes that jobs became available, once the connection's
	 * transaction commits.
	 * @param connection the transaction's connection
	 * @param queues the queues
	 */
	void jobsAvailable(Connection connection, Collection<String> queues) throws SQLException {
		if (!queues.isEmpty()) {
			List<String> copy = List.copyOf(queues);
			Jdbc.afterCommit(connection, () -> tellEach((listener) -> copy.forEach(listener::jobsAvailable)));
		}
	}

	/**
	 * Tell this process's nodes that running jobs were asked to stop, once the
	 * connection's transaction commits.
	 * @param connection the transaction's connection
	 * @param ids the jobs
	 */
	void cancelRequested(Connection connection, Collection<Long> ids) throws SQLException {
		if (!ids.isEmpty()) {
			List<Long> copy = List.copyOf(ids);
			Jdbc.afterCommit(connection, () -> tellEach((listener) -> copy.forEach(listener::cancelRequested)));
		}
	}

}
