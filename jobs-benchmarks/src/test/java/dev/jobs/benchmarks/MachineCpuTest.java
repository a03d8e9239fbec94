package dev.jobs.benchmarks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MachineCpuTest {

	@Test
	void idleAndIoWaitAreNotBusy() {
		// user nice system idle iowait irq softirq steal guest guest_nice
		long[] ticks = MachineCpu.busyAndAll("cpu  700 10 200 50 30 5 4 1 99 0");

		assertThat(ticks).containsExactly(700 + 10 + 200 + 5 + 4 + 1, 700 + 10 + 200 + 50 + 30 + 5 + 4 + 1);
	}

	@Test
	void aLineOfOneCpuIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> MachineCpu.busyAndAll("cpu0 1 2 3 4 5 6 7 8"));
	}

	@Test
	void theNoteSaysHowBusyTheCpusWereAndWhoUsedThem() {
		MachineCpu before = new MachineCpu(1_000, 2_000, 100, Map.of(11L, 100L, 12L, 200L, 13L, 50L));
		// 20 s on 2 CPUs: 4,000 ticks, 3,600 of them busy. Process 13 ended, 14 began.
		MachineCpu after = new MachineCpu(4_600, 6_000, 1_000, Map.of(11L, 1_000L, 12L, 1_400L, 14L, 300L));

		assertThat(after.since(before).note(2)).isEqualTo("the machine's 2 CPUs 90% busy during the run: "
				+ "this JVM 0.45 CPUs, PostgreSQL's processes 1.20, the rest 0.15");
	}

	@Test
	void withoutTicksNothingIsMeasured() {
		assertThat(new MachineCpu(0, 0, 0, Map.of()).note(2)).isEqualTo("machine CPU not measured");
	}

}
