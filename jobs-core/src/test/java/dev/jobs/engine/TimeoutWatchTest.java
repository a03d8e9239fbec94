package dev.jobs.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeoutWatchTest {

	private final TimeoutWatch watch = new TimeoutWatch("test-timeouts");

	@AfterEach
	void stop() {
		this.watch.stop();
	}

	@Test
	void anEarlierDeadlineWakesAWatchThatSleepsUntilALaterOne() throws Exception {
		Deadline late = new Deadline(Duration.ofMinutes(5));
		this.watch.watch(late);
		Deadline soon = new Deadline(Duration.ofMillis(50));
		this.watch.watch(soon);

		assertThat(soon.expired.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(System.nanoTime() - soon.deadline()).isNotNegative();
		assertThat(late.expired.getCount()).isEqualTo(1);
	}

	@Test
	void expiresEachDeadlineOnceAndNeverAnUnwatchedOne() throws Exception {
		Deadline first = new Deadline(Duration.ofMillis(20));
		Deadline unwatched = new Deadline(Duration.ofMillis(20));
		Deadline second = new Deadline(Duration.ofMillis(80));
		this.watch.watch(first);
		this.watch.watch(unwatched);
		this.watch.watch(second);
		this.watch.unwatch(unwatched);

		assertThat(second.expired.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(first.expired.getCount()).isZero();
		assertThat(first.calls).hasValue(1);
		assertThat(second.calls).hasValue(1);
		assertThat(unwatched.calls).hasValue(0);
	}

	@Test
	void outlivesADeadlineWhoseExpiryThrowsAnError() throws Exception {
		Deadline failing = new Deadline(Duration.ofMillis(10)) {
			@Override
			public void expired() {
				super.expired();
				throw new AssertionError("a listener's assertion");
			}
		};
		this.watch.watch(failing);
		assertThat(failing.expired.await(10, TimeUnit.SECONDS)).isTrue();

		Deadline next = new Deadline(Duration.ofMillis(10));
		this.watch.watch(next);
		assertThat(next.expired.await(10, TimeUnit.SECONDS)).isTrue();
	}

	private static class Deadline implements TimeoutWatch.Watched {

		private final long deadline;

		private final CountDownLatch expired = new CountDownLatch(1);

		private final AtomicInteger calls = new AtomicInteger();

		Deadline(Duration in) {
			this.deadline = System.nanoTime() + in.toNanos();
		}

		@Override
		public long deadline() {
			return this.deadline;
		}

		@Override
		public void expired() {
			this.calls.incrementAndGet();
			this.expired.countDown();
		}

	}

}
