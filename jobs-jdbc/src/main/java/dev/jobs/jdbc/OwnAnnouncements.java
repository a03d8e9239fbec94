package dev.jobs.jdbc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Who sent the announcements that a notifier's own connections are about to deliver, so
 * that it can tell its subscribers ({@code PGNotification.getPID()} names the backend
 * that sent a notification; the payload stays the bare queue name that every version of
 * the engine reads). Each announced queue is one entry, noted before the notification is
 * sent and taken by the one notification it becomes (PostgreSQL folds repeats only within
 * one transaction). An entry whose notification never came (the listener was not
 * connected) is dropped when the listener begins to listen again, or after
 * {@link #EXPIRY}: a notification that finds no entry has no known sender, and wakes
 * every subscriber as before.
 */
final class OwnAnnouncements {

	/**
	 * Far longer than a notification takes to come back; short enough to bound a stale
	 * entry.
	 */
	static final Duration EXPIRY = Duration.ofSeconds(10);

	private final ArrayDeque<Sent> sent = new ArrayDeque<>();

	private final LongSupplier nanoTime;

	OwnAnnouncements(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/**
	 * The backend {@code pid} is about to notify these queues for {@code sender}
	 * ({@code null}: an announcement without one, noted to keep the order).
	 * @return the entries, to {@link #forget} if the notification is not sent
	 */
	synchronized List<Sent> sending(int pid, @Nullable String sender, Collection<String> queues) {
		long now = this.nanoTime.getAsLong();
		dropExpired(now);
		List<Sent> entries = queues.stream().map((queue) -> new Sent(pid, queue, sender, now)).toList();
		this.sent.addAll(entries);
		return entries;
	}

	/**
	 * The notification was not sent.
	 * @return the queues whose entry a notification took meanwhile: one the store sent on
	 * the same connection before, which its subscribers then did not hear as news
	 */
	synchronized List<String> forget(List<Sent> entries) {
		return entries.stream().filter((entry) -> !this.sent.remove(entry)).map(Sent::queue).toList();
	}

	/**
	 * A notification arrived. A backend's notifications come in the order it sent them;
	 * one the store sent in a transaction of its own (a queue resumed, jobs released by a
	 * finished dependency) on a connection that later announced the same queue may take
	 * that announcement's entry, and the announcement then comes without a sender: the
	 * node is woken by the later of the two instead of the earlier, never not at all.
	 * @return who sent it, or {@code null} when not known
	 */
	synchronized @Nullable String sender(int pid, String queue) {
		dropExpired(this.nanoTime.getAsLong());
		Iterator<Sent> entries = this.sent.iterator();
		while (entries.hasNext()) {
			Sent entry = entries.next();
			if (entry.pid() == pid && entry.queue().equals(queue)) {
				entries.remove();
				return entry.sender();
			}
		}
		return null;
	}

	/**
	 * Entries are noted in time order under this object's lock, so the expired ones are
	 * at the head.
	 */
	private void dropExpired(long now) {
		while (!this.sent.isEmpty() && now - this.sent.peekFirst().at() > EXPIRY.toNanos()) {
			this.sent.removeFirst();
		}
	}

	/** The listener (re)connected: what was sent before it listened will not come. */
	synchronized void clear() {
		this.sent.clear();
	}

	record Sent(int pid, String queue, @Nullable String sender, long at) {
	}

}
