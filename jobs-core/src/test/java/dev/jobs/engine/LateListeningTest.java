package dev.jobs.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobNotifier;
import dev.jobs.testing.BlockingWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A notifier that begins to listen after the node started (its connection was slow, or
 * broke and came back) missed what was sent before; the node catches up when told, not at
 * its next poll or heartbeat, which here are an hour away.
 */
class LateListeningTest {

	private final EngineHarness harness = new EngineHarness();

	private final SilentNotifier notifier = new SilentNotifier();

	@AfterEach
	void stop() {
		this.harness.close();
	}

	@Test
	void aCancelSentBeforeTheNotifierListenedStopsTheJobOnceItListens() throws Exception {
		BlockingWorker blocking = new BlockingWorker();
		this.harness.handlers.register("block", Object.class, blocking);
		Supervisor supervisor = this.harness.start((builder) -> builder.notifier(this.notifier)
			.queue(new QueueConfig("default", 1, 100, EngineHarness.LONG)));
		Job job = supervisor.dispatcher().enqueue("block", "x");
		assertThat(blocking.awaitStarted(Duration.ofSeconds(10))).isTrue();
		// Written by another node; its notification was sent to nobody.
		assertThat(this.harness.store.cancel(job.id(), this.harness.clock.instant())).isPresent();

		this.notifier.beginListening();

		assertThat(blocking.awaitInterrupted(Duration.ofSeconds(10))).as("the running job was told to stop").isTrue();
		this.harness.awaitState(job.id(), JobState.CANCELLED);
	}

	@Test
	void jobsCommittedBeforeTheNotifierListenedAreClaimedOnceItListens() {
		this.harness.handlers.register("ping", String.class, (args, context) -> {
		});
		Supervisor supervisor = this.harness.start((builder) -> builder.notifier(this.notifier)
			.queue(new QueueConfig("default", 1, 100, EngineHarness.LONG)));
		await().atMost(Duration.ofSeconds(10)).until(supervisor::isDrained);
		// Inserted by another node, whose announcement went unheard.
		Job job = this.harness.store
			.insert(new InsertParams(List.of(JobInsert.of("default", "ping", "\"x\"", this.harness.clock.instant())),
					this.harness.clock.instant()))
			.get(0);

		this.notifier.beginListening();

		this.harness.awaitState(job.id(), JobState.COMPLETED);
	}

	/**
	 * Subscribed from the start, it hears nothing until told to begin listening.
	 */
	private static final class SilentNotifier implements JobNotifier {

		private final AtomicReference<Listener> listener = new AtomicReference<>();

		@Override
		public Subscription subscribe(Listener subscriber) {
			this.listener.set(subscriber);
			return () -> this.listener.set(null);
		}

		void beginListening() {
			this.listener.get().listening();
		}

	}

}
