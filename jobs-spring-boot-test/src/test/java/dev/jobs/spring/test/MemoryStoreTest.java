package dev.jobs.spring.test;

import dev.jobs.JobDispatcher;
import dev.jobs.JobEvent;
import dev.jobs.spring.handler.JobHandler;
import dev.jobs.store.JobStore;
import dev.jobs.store.memory.MemoryJobStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Manual mode on the memory store, with scheduled work that the test clock brings due.
 */
@SpringBootTest(classes = MemoryStoreTest.Config.class)
@JobsTest
class MemoryStoreTest {

	@Autowired
	JobDispatcher dispatcher;

	@Autowired
	JobsTestHelper jobs;

	@Autowired
	JobStore store;

	@Test
	void drainsOnTheMemoryStoreAndMovesTheClockForScheduledJobs() {
		assertThat(this.store).isInstanceOf(MemoryJobStore.class);
		this.dispatcher.enqueue(dev.jobs.JobRequest.of("count", new Tick(1)).delay(java.time.Duration.ofHours(2)));
		assertThat(this.jobs.drainAll().count()).as("not due yet").isZero();
		var before = this.jobs.clock().instant();
		DrainResult ran = this.jobs.drain(DrainOptions.all().withScheduled());
		assertThat(ran.count(JobEvent.Type.COMPLETED)).isEqualTo(1);
		assertThat(this.jobs.clock().instant()).isAfter(before.plus(java.time.Duration.ofMinutes(119)));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		@Bean
		JobStore jobStore() {
			return new MemoryJobStore();
		}

		@Bean
		Counter counter() {
			return new Counter();
		}

	}

	record Tick(int n) {
	}

	static class Counter {

		@JobHandler("count")
		void count(Tick tick) {
		}

	}

}
