package dev.jobs.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.jobs.HandlerRegistry;
import dev.jobs.engine.HeartbeatConfig;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.RescuerConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster tests on PostgreSQL, where LISTEN/NOTIFY wakes every node at once.
 */
class PostgresClusterTest extends AbstractClusterTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	@Test
	void aQueueResumedOnOneNodeResumesOnTheOthersWithoutWaitingForTheirHeartbeat() throws Exception {
		CountDownLatch ran = new CountDownLatch(1);
		HandlerRegistry handlers = new HandlerRegistry().register("work", Object.class,
				(args, context) -> ran.countDown());
		// Heartbeats and polls an hour apart: only the resume's notification can start
		// the job on the worker.
		Supervisor worker = start(Supervisor.builder(node())
			.nodeId("worker")
			.handlers(handlers)
			.queue(new QueueConfig("default", 4, 4, Duration.ofHours(1)))
			.heartbeat(new HeartbeatConfig(Duration.ofHours(1)))
			.rescuer(new RescuerConfig(RescuerConfig.DEFAULT_INTERVAL, Duration.ofHours(3), 100)));
		Supervisor operator = start(Supervisor.builder(node())
			.nodeId("operator")
			.handlers(handlers)
			.queue(new QueueConfig("other", 1, 1, Duration.ofHours(1))));
		worker.pause("default");
		JdbcJobStore store = node();
		store.insert(new InsertParams(List.of(JobInsert.of("default", "work", "{}", java.time.Instant.now())),
				java.time.Instant.now()));
		operator.resume("default");
		assertThat(ran.await(30, TimeUnit.SECONDS)).as("the worker resumed and ran the job").isTrue();
	}

	@Override
	DataSource dataSource() {
		return database.dataSource();
	}

	@Override
	DataSource newDataSource(int size) {
		return database.newDataSource(size);
	}

}
