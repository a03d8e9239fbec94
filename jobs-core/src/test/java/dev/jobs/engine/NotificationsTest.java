package dev.jobs.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.jobs.store.JobNotifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node hears: every announcement of available jobs wakes the queue, except the
 * node's own, whose jobs its producers were told of in process.
 */
class NotificationsTest {

	private final AtomicReference<JobNotifier.Listener> listener = new AtomicReference<>();

	private final List<String> woken = new CopyOnWriteArrayList<>();

	private final Notifications notifications = new Notifications((subscriber) -> {
		this.listener.set(subscriber);
		return () -> this.listener.set(null);
	}, "node-1", this.woken::add, (id) -> {
	}, () -> {
	});

	@Test
	void theNodesOwnAnnouncementWakesNothing() {
		this.notifications.start();

		this.listener.get().jobsAvailable("emails", "node-1");

		assertThat(this.woken).isEmpty();
	}

	@Test
	void announcementsOfOtherNodesOrOfNoKnownSenderWakeTheQueue() {
		this.notifications.start();

		this.listener.get().jobsAvailable("emails", "node-2");
		this.listener.get().jobsAvailable("images", null);
		this.listener.get().jobsAvailable("reports");

		assertThat(this.woken).containsExactly("emails", "images", "reports");
	}

}
