package dev.jobs.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

class ProcStatTest {

	/** A thread's line, its name holding a space and a parenthesis. */
	private static final String LINE = "4242 (C2 Compiler) (x)) S 1 4242 4242 0 -1 4194624 1500 0 0 0 "
			+ "731 42 0 0 20 0 27 0 123456 0 0";

	@Test
	void theNameIsWhatTheOuterParenthesesHold() {
		assertThat(ProcStat.name(LINE)).isEqualTo("C2 Compiler) (x)");
	}

	@Test
	void cpuTicksAreUserAndSystemTime() {
		assertThat(ProcStat.ticks(LINE)).isEqualTo(731 + 42);
	}

	@Test
	void aLineOfAnotherShapeIsRefused() {
		assertThatRuntimeException().isThrownBy(() -> ProcStat.ticks("not a stat line"));
	}

}
