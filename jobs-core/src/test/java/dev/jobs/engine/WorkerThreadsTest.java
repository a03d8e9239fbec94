package dev.jobs.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WorkerThreadsTest {

	private final WorkerThreads threads = WorkerThreads.create(false, 1);

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
	}

	@Test
	void aThreadLentForAStuckOneRunsTheNextJobAndIsGivenBackWhenItReturns() throws Exception {
		CountDownLatch stuck = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.threads.execute(() -> {
			stuck.countDown();
			awaitQuietly(release);
		});
		assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();

		this.threads.lend();
		CountDownLatch next = new CountDownLatch(1);
		this.threads.execute(next::countDown);

		assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.threads.size()).isEqualTo(2);
		release.countDown();
		this.threads.giveBack();
		assertThat(this.threads.size()).isEqualTo(1);
	}

	@Test
	void oneThreadPerSlotRunsQueuedJobsInTurn() throws Exception {
		CountDownLatch done = new CountDownLatch(100);
		for (int i = 0; i < 100; i++) {
			this.threads.execute(done::countDown);
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.threads.size()).isEqualTo(1);
	}

	@ParameterizedTest(name = "virtual threads wanted: {0}")
	@ValueSource(booleans = { false, true })
	void aBurstOfBlockingJobsGetsAThreadEach(boolean virtual) throws Exception {
		// Virtual threads where the runtime has them (Java 21+), else the platform pool.
		WorkerThreads ten = WorkerThreads.create(virtual, 10);
		try {
			CountDownLatch allStarted = new CountDownLatch(10);
			CountDownLatch done = new CountDownLatch(10);
			for (int i = 0; i < 10; i++) {
				ten.execute(() -> {
					allStarted.countDown();
					awaitQuietly(allStarted);
					done.countDown();
				});
			}
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			ten.shutdownNow();
		}
	}

	@Test
	void refusesWorkOnceShutDown() {
		this.threads.shutdownNow();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> this.threads.execute(() -> {
		}));
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
