package dev.jobs.spring.test;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import dev.jobs.spring.test.docs.ExampleApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No thread of the engine outlives the context that started it, in any mode. Other test
 * classes' cached contexts may keep engines running, so only the threads that appeared
 * while this context was open count.
 */
class ThreadsTest {

	@ParameterizedTest
	@EnumSource(JobsTestMode.class)
	void noJobsThreadOutlivesItsContext(JobsTestMode mode) {
		Set<Thread> before = jobsThreads();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ExampleApplication.class)
			.web(WebApplicationType.NONE)
			.properties("jobs.test.mode=" + mode, "spring.datasource.name=threads-" + mode, "jobs.cron.ping.kind=audit",
					"jobs.cron.ping.expression=0 0 3 * * *")
			.run();
		Set<Thread> started = newThreads(before);
		if (mode == JobsTestMode.RUNNING) {
			assertThat(started).as("the engine's threads").isNotEmpty();
		}
		else {
			assertThat(started).as("no engine thread in " + mode + " mode").isEmpty();
		}

		context.close();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(newThreads(before)).extracting(Thread::getName).isEmpty());
	}

	private static Set<Thread> newThreads(Set<Thread> before) {
		Set<Thread> now = jobsThreads();
		now.removeAll(before);
		return now;
	}

	private static Set<Thread> jobsThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("jobs-"))
			.collect(Collectors.toSet());
	}

}
