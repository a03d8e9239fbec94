package dev.jobs.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.jobs.store.JobNotifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Announcements to other nodes: the first jobs after a quiet spell at once, the rest of a
 * window folded into one trailing announcement, never from the caller's thread.
 */
class ClusterWakeTest {

	private static final Duration WINDOW = Duration.ofMillis(20);

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final RecordingNotifier notifier = new RecordingNotifier();

	@Test
	void firstJobsAfterAQuietSpellAreAnnouncedAtOnce() {
		ClusterWake driven = driven();

		driven.jobsAvailable(List.of("emails"));

		assertThat(driven.announceDue()).isEqualTo(-1);
		assertThat(this.notifier.announced).containsExactly(List.of("emails"));
	}

	@Test
	void jobsCommittedWithinTheWindowFoldIntoOneTrailingAnnouncement() {
		ClusterWake driven = driven();
		driven.jobsAvailable(List.of("emails"));
		driven.announceDue();
		advance(Duration.ofMillis(1));

		for (int i = 0; i < 100; i++) {
			driven.jobsAvailable(List.of("emails"));
		}

		assertThat(driven.announceDue()).isEqualTo(Duration.ofMillis(19).toNanos());
		advance(Duration.ofMillis(19));
		assertThat(driven.announceDue()).isEqualTo(-1);
		advance(Duration.ofMillis(100));
		assertThat(driven.announceDue()).isEqualTo(-1);
		assertThat(this.notifier.announced).containsExactly(List.of("emails"), List.of("emails"));
	}

	@Test
	void eachQueueHasAWindowOfItsOwn() {
		ClusterWake driven = driven();
		driven.jobsAvailable(List.of("emails"));
		driven.announceDue();

		driven.jobsAvailable(List.of("emails", "images"));

		driven.announceDue();
		assertThat(this.notifier.announced).containsExactly(List.of("emails"), List.of("images"));
	}

	@Test
	void aFailedAnnouncementIsNotRetriedAndDoesNotThrow() {
		ClusterWake driven = driven();
		this.notifier.failing.set(true);
		driven.jobsAvailable(List.of("emails"));

		assertThat(driven.announceDue()).isEqualTo(-1);

		this.notifier.failing.set(false);
		advance(WINDOW);
		driven.jobsAvailable(List.of("emails"));
		driven.announceDue();
		assertThat(this.notifier.announced).containsExactly(List.of("emails"));
	}

	@Test
	void theSendingThreadAnnouncesWithoutBeingDriven() {
		ClusterWake live = new ClusterWake(this.notifier);
		try {
			live.jobsAvailable(List.of("emails"));

			await().atMost(10, TimeUnit.SECONDS).until(() -> !this.notifier.announced.isEmpty());
			assertThat(this.notifier.announced.get(0)).containsExactly("emails");
			assertThat(this.notifier.threads).doesNotContain(Thread.currentThread().getName());
		}
		finally {
			live.stop(Duration.ofSeconds(1));
		}
	}

	@Test
	void whatIsPendingAtStopIsAnnouncedThenLaterJobsAtOnce() {
		ClusterWake driven = driven();
		driven.jobsAvailable(List.of("emails"));
		driven.announceDue();
		driven.jobsAvailable(List.of("emails"));

		driven.stop(Duration.ofSeconds(1));
		assertThat(this.notifier.announced).containsExactly(List.of("emails"), List.of("emails"));

		driven.jobsAvailable(List.of("images"));
		assertThat(this.notifier.announced).containsExactly(List.of("emails"), List.of("emails"), List.of("images"));
		assertThat(this.notifier.threads).containsOnly(Thread.currentThread().getName());
	}

	@Test
	void aNodesWakeSaysWhoAnnouncesAClientsDoesNot() {
		ClusterWake node = new ClusterWake(this.notifier, "node-1", WINDOW, this.nanos::get, false);
		ClusterWake client = driven();

		node.jobsAvailable(List.of("emails"));
		node.announceDue();
		client.jobsAvailable(List.of("images"));
		client.announceDue();

		assertThat(this.notifier.announced).containsExactly(List.of("emails"), List.of("images"));
		assertThat(this.notifier.senders).containsExactly("node-1", "(none)");
	}

	/** A wake without a thread, on the test's clock: the test calls announceDue. */
	private ClusterWake driven() {
		return new ClusterWake(this.notifier, null, WINDOW, this.nanos::get, false);
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	private static final class RecordingNotifier implements JobNotifier {

		final List<List<String>> announced = new CopyOnWriteArrayList<>();

		final List<String> senders = new CopyOnWriteArrayList<>();

		final Set<String> threads = new ConcurrentSkipListSet<>();

		final AtomicBoolean failing = new AtomicBoolean();

		@Override
		public Subscription subscribe(Listener listener) {
			return () -> {
			};
		}

		@Override
		public void announce(String sender, Collection<String> queues) {
			this.senders.add(sender);
			record(queues);
		}

		@Override
		public void announce(Collection<String> queues) {
			this.senders.add("(none)");
			record(queues);
		}

		private void record(Collection<String> queues) {
			this.threads.add(Thread.currentThread().getName());
			if (this.failing.get()) {
				throw new IllegalStateException("database down");
			}
			this.announced.add(List.copyOf(queues));
		}

	}

}
