package dev.jobs.benchmarks;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TimedTest {

	@Test
	void callsFromEveryThreadInItsOwnSessionAndClosesEachSession() throws InterruptedException {
		Set<String> callers = ConcurrentHashMap.newKeySet();
		AtomicInteger opened = new AtomicInteger();
		AtomicInteger closed = new AtomicInteger();
		CountDownLatch everyThreadCalled = new CountDownLatch(4);
		double rate = Timed.rate("test", 4, Duration.ofMinutes(1), 4_000, () -> {
			opened.incrementAndGet();
			return new Timed.Session() {

				@Override
				public int call() throws InterruptedException {
					// Hold the first call of each thread until all have made one, so that
					// none reaches the limit alone.
					if (callers.add(Thread.currentThread().getName())) {
						everyThreadCalled.countDown();
						assertThat(everyThreadCalled.await(30, TimeUnit.SECONDS)).isTrue();
					}
					return 10;
				}

				@Override
				public void close() {
					closed.incrementAndGet();
				}

			};
		});
		assertThat(rate).isPositive();
		assertThat(callers).hasSize(4);
		assertThat(opened).hasValue(4);
		assertThat(closed).hasValue(4);
	}

	@Test
	void failsWithTheFirstFailureOnceEveryThreadHasEnded() {
		AtomicInteger opens = new AtomicInteger();
		AtomicInteger closed = new AtomicInteger();
		assertThatIllegalStateException()
			.isThrownBy(() -> Timed.rate("test insert", 3, Duration.ofMinutes(1), 3_000, () -> {
				if (opens.incrementAndGet() == 1) {
					throw new IllegalArgumentException("no connection");
				}
				return new Timed.Session() {

					@Override
					public int call() {
						return 1;
					}

					@Override
					public void close() {
						closed.incrementAndGet();
					}

				};
			}))
			.withMessage("test insert failed: java.lang.IllegalArgumentException: no connection");
		assertThat(closed).hasValue(2);
	}

}
