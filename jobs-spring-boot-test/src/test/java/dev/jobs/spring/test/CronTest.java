package dev.jobs.spring.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobs.spring.handler.JobHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cron in manual mode: moving the test clock past a tick and checking cron enqueues the
 * job once, a drain runs it, and a tick missed by more than the grace is skipped. The
 * clock starts at a fixed time, so that no tick falls near the start of the test.
 */
@SpringBootTest(classes = CronTest.Config.class, properties = "spring.datasource.name=cron")
@JobsTest
class CronTest {

	private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

	@Autowired
	JobsTestHelper jobs;

	@Autowired
	Reports reports;

	@Test
	void aTickPastWhichTheClockMovesIsEnqueuedOnceAndRunsInTheDrain() {
		assertThat(this.jobs.clock().instant()).isEqualTo(START);
		assertThat(this.jobs.checkCron()).as("03:00 was seven hours ago").isZero();

		this.jobs.clock().advanceTo(Instant.parse("2026-01-06T03:00:10Z"));
		assertThat(this.jobs.drainAll().count()).as("no check yet").isZero();
		assertThat(this.jobs.checkCron()).isEqualTo(1);
		assertThat(this.jobs.checkCron()).as("once per tick").isZero();

		DrainResult ran = this.jobs.drainAll().assertAllCompleted();

		assertThat(ran.kinds()).containsExactly("nightly_report");
		assertThat(this.reports.ranAt()).containsExactly(Instant.parse("2026-01-06T03:00:10Z"));

		this.jobs.clock().advance(Duration.ofDays(1).plusHours(1));
		assertThat(this.jobs.checkCron()).as("missed by an hour, more than the grace").isZero();
		assertThat(this.jobs.drainAll().count()).isZero();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		@Bean
		Clock clock() {
			return new TestClock(Clock.fixed(START, ZoneOffset.UTC));
		}

		@Bean
		Reports reports(Clock clock) {
			return new Reports(clock);
		}

	}

	static class Reports {

		private final List<Instant> ranAt = new CopyOnWriteArrayList<>();

		private final Clock clock;

		Reports(Clock clock) {
			this.clock = clock;
		}

		@JobHandler(value = "nightly_report", cron = "0 0 3 * * *", cronZone = "UTC")
		void build() {
			this.ranAt.add(this.clock.instant());
		}

		List<Instant> ranAt() {
			return this.ranAt;
		}

	}

}
