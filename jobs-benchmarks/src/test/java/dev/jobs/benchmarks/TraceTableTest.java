package dev.jobs.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceTableTest {

	@Test
	void keepsOneRowPerJob() {
		TraceTable table = new TraceTable(4, 2);
		table.set(7, 0, 70);
		table.set(9, 1, 91);
		table.set(7, 1, 71);

		assertThat(table.rows()).containsExactlyInAnyOrder(new long[] { 70, 71 }, new long[] { 0, 91 });
		assertThat(table.dropped()).isZero();
	}

	@Test
	void dropsAndCountsTheWritesOfJobsBeyondItsSize() {
		TraceTable table = new TraceTable(16, 1);
		LongStream.rangeClosed(1, 40).forEach((id) -> table.set(id, 0, id));

		assertThat(table.rows()).hasSizeGreaterThanOrEqualTo(16).hasSizeLessThan(40);
		assertThat(table.rows().size() + table.dropped()).isEqualTo(40);
	}

	@Test
	void threadsWritingTheSameJobsShareTheirRows() throws InterruptedException {
		TraceTable table = new TraceTable(10_000, 4);
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int column = 0; column < 4; column++) {
			int written = column;
			Thread thread = new Thread(() -> {
				awaitQuietly(start);
				LongStream.rangeClosed(1, 10_000).forEach((id) -> table.set(id, written, id * 10 + written));
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}

		assertThat(table.rows()).hasSize(10_000)
			.allMatch((row) -> row[1] == row[0] + 1 && row[2] == row[0] + 2 && row[3] == row[0] + 3);
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
