package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.jobs.store.JobNotifier;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes nodes through PostgreSQL LISTEN/NOTIFY. While anyone is subscribed, a daemon
 * thread holds one connection of its own from the data source (so a pool has one
 * connection less for other work), listens on the store's insert and cancel channels and
 * passes what it hears to the subscribers. When the connection breaks it reconnects with
 * a growing pause; notifications sent meanwhile are lost, so each time it begins to
 * listen it tells the subscribers, who catch up from the store.
 */
public final class PostgresNotifier implements JobNotifier {

	private static final Logger logger = LoggerFactory.getLogger(PostgresNotifier.class);

	/** How long one wait for notifications lasts; also how soon a stop is noticed. */
	private static final int WAIT_MILLIS = 500;

	/** A quiet connection is checked this often, so that a silently dead one is found. */
	private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

	static final Duration MIN_RECONNECT_PAUSE = Duration.ofMillis(100);

	static final Duration MAX_RECONNECT_PAUSE = Duration.ofSeconds(30);

	private final DataSource dataSource;

	private final String insertChannel;

	private final String cancelChannel;

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	private final ReentrantLock lock = new ReentrantLock();

	private @Nullable Worker worker;

	private final Jdbc jdbc;

	private final OwnAnnouncements own = new OwnAnnouncements(System::nanoTime);

	PostgresNotifier(Jdbc jdbc, Tables tables) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc must not be null");
		this.dataSource = jdbc.dataSource();
		this.insertChannel = tables.insertChannel();
		this.cancelChannel = tables.cancelChannel();
	}

	@Override
	public Subscription subscribe(Listener listener) {
		Objects.requireNonNull(listener, "listener must not be null");
		this.lock.lock();
		try {
			this.listeners.add(listener);
			if (this.worker == null) {
				this.worker = new Worker();
				this.worker.start();
			}
		}
		finally {
			this.lock.unlock();
		}
		return () -> unsubscribe(listener);
	}

	/**
	 * Notify every listening node of available jobs, on a connection of its own in
	 * auto-commit mode: one short transaction, never the application's.
	 * @param queues the queues
	 * @throws dev.jobs.JobsException if the database cannot be reached
	 */
	@Override
	public void announce(Collection<String> queues) {
		send(null, queues);
	}

	/**
	 * {@link #announce(Collection)}, noting which backend sends it for {@code sender}:
	 * the subscribers of this notifier hear it with the sender, those of other processes
	 * without.
	 */
	@Override
	public void announce(String sender, Collection<String> queues) {
		send(Objects.requireNonNull(sender, "sender must not be null"), queues);
	}

	/**
	 * Every announcement is noted, with a sender or without, so that this notifier's own
	 * notifications from one backend are matched in the order they were sent.
	 */
	private void send(@Nullable String sender, Collection<String> queues) {
		if (queues.isEmpty()) {
			return;
		}
		this.jdbc.autoCommit("announce available jobs of queues " + queues, (connection) -> {
			// Noted only while listening: nothing would take the notes of a notifier that
			// only sends (a process that enqueues and runs no node).
			int pid = isListening() ? backendPid(connection) : 0;
			List<OwnAnnouncements.Sent> noted = (pid > 0) ? this.own.sending(pid, sender, queues) : List.of();
			try {
				Notifications.send(connection, this.insertChannel, queues);
			}
			catch (SQLException | RuntimeException ex) {
				// Where a notification the store sent before on this connection took the
				// note of one of these queues, its subscribers skipped it as their own:
				// tell them now, as it was news after all.
				for (String queue : this.own.forget(noted)) {
					tellEach(this.insertChannel, queue, (listener) -> listener.jobsAvailable(queue, null));
				}
				throw ex;
			}
			return null;
		});
	}

	/**
	 * Known from the connection's start-up, without a round trip; 0 when a wrapper of the
	 * data source hides the driver's connection (its announcements then have no sender).
	 */
	private static int backendPid(Connection connection) {
		try {
			return connection.isWrapperFor(PGConnection.class) ? connection.unwrap(PGConnection.class).getBackendPID()
					: 0;
		}
		catch (SQLException ex) {
			return 0;
		}
	}

	@Override
	public boolean announces() {
		return true;
	}

	/**
	 * Whether the notifier is connected and listening now.
	 * @return true while notifications arrive
	 */
	public boolean isListening() {
		Worker current = this.worker;
		return current != null && current.listening;
	}

	/**
	 * Stop listening and close the connection, whoever is subscribed.
	 */
	public void close() {
		Worker stopped;
		this.lock.lock();
		try {
			this.listeners.clear();
			stopped = this.worker;
			this.worker = null;
		}
		finally {
			this.lock.unlock();
		}
		if (stopped != null) {
			stopped.stop();
		}
	}

	private void unsubscribe(Listener listener) {
		boolean last;
		this.lock.lock();
		try {
			last = this.listeners.remove(listener) && this.listeners.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
		if (last) {
			close();
		}
	}

	/** For tests: the notes of this notifier's own announcements. */
	OwnAnnouncements ownAnnouncements() {
		return this.own;
	}

	private void dispatch(PGNotification notification) {
		String channel = notification.getName();
		String payload = notification.getParameter();
		if (this.insertChannel.equals(channel)) {
			String sender = this.own.sender(notification.getPID(), payload);
			tellEach(channel, payload, (listener) -> listener.jobsAvailable(payload, sender));
		}
		else if (this.cancelChannel.equals(channel)) {
			long id;
			try {
				id = Long.parseLong(payload);
			}
			catch (NumberFormatException ex) {
				logger.warn("Ignored a notification on {} whose payload '{}' is not a job id", channel, payload);
				return;
			}
			tellEach(channel, payload, (listener) -> listener.cancelRequested(id));
		}
	}

	private void tellEach(String channel, String payload, Consumer<Listener> call) {
		for (Listener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("A job notification listener failed on {} '{}': {}", channel, payload, ex.toString(), ex);
			}
		}
	}

	/**
	 * One listening thread with its connection; a new subscription after a close gets a
	 * new one, so an old thread that is still finishing never listens twice.
	 */
	private final class Worker implements Runnable {

		private final ReentrantLock pauseLock = new ReentrantLock();

		private final Condition stopped = this.pauseLock.newCondition();

		private final Thread thread = new Thread(this, "jobs-notifier");

		private volatile boolean running = true;

		private volatile boolean listening;

		void start() {
			this.thread.setDaemon(true);
			this.thread.setUncaughtExceptionHandler((t, ex) -> logger.error("The job notifier thread died", ex));
			this.thread.start();
		}

		void stop() {
			this.pauseLock.lock();
			try {
				this.running = false;
				this.stopped.signalAll();
			}
			finally {
				this.pauseLock.unlock();
			}
			if (this.thread != Thread.currentThread()) {
				try {
					this.thread.join(WAIT_MILLIS * 4L);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		@Override
		public void run() {
			Duration pause = MIN_RECONNECT_PAUSE;
			boolean failedBefore = false;
			while (this.running) {
				try (Connection connection = PostgresNotifier.this.dataSource.getConnection()) {
					listen(connection);
					if (failedBefore) {
						logger.info("Listening for job notifications again on channels {} and {}",
								PostgresNotifier.this.insertChannel, PostgresNotifier.this.cancelChannel);
					}
					pause = MIN_RECONNECT_PAUSE;
					failedBefore = false;
					tellEach("(start of listening)", "", Listener::listening);
					receive(connection);
				}
				catch (Throwable ex) {
					this.listening = false;
					if (!this.running) {
						break;
					}
					failedBefore = true;
					logger.warn(
							"Listening for job notifications failed; reconnecting in {} ms (nodes poll meanwhile): {}",
							pause.toMillis(), ex.toString());
					awaitStop(pause);
					pause = (pause.multipliedBy(2).compareTo(MAX_RECONNECT_PAUSE) > 0) ? MAX_RECONNECT_PAUSE
							: pause.multipliedBy(2);
				}
			}
			this.listening = false;
		}

		private void listen(Connection connection) throws SQLException {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			try (Statement statement = connection.createStatement()) {
				// Channel names are built from checked
				// identifiers; quoting keeps the dot.
				statement.execute("LISTEN \"" + PostgresNotifier.this.insertChannel + "\"");
				statement.execute("LISTEN \"" + PostgresNotifier.this.cancelChannel + "\"");
			}
			// Announcements noted before now may have been sent before the LISTEN: they
			// would never come, and must not be taken for later ones.
			PostgresNotifier.this.own.clear();
			this.listening = true;
		}

		private void receive(Connection connection) throws SQLException {
			PGConnection postgres = connection.unwrap(PGConnection.class);
			long lastCheck = System.nanoTime();
			while (this.running) {
				PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
				if (notifications != null && notifications.length > 0) {
					for (PGNotification notification : notifications) {
						dispatch(notification);
					}
					lastCheck = System.nanoTime();
				}
				else if (System.nanoTime() - lastCheck > CHECK_NANOS) {
					try (Statement statement = connection.createStatement()) {
						statement.execute("SELECT 1");
					}
					lastCheck = System.nanoTime();
				}
			}
		}

		private void awaitStop(Duration pause) {
			long nanos = pause.toNanos();
			this.pauseLock.lock();
			try {
				while (this.running && nanos > 0) {
					nanos = this.stopped.awaitNanos(nanos);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running = false;
			}
			finally {
				this.pauseLock.unlock();
			}
		}

	}

}
