package dev.jobs.reliability;

import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.HandlerRegistry;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.jdbc.JdbcJobStore;

/**
 * A worker node inside the test's JVM, on a pool of its own whose connections carry the
 * node's id as their application name, so that tests can find and kill them.
 */
final class InProcessNode implements AutoCloseable {

	private final HikariDataSource dataSource;

	private final JdbcJobStore store;

	private final Supervisor supervisor;

	InProcessNode(ReliabilityDatabase database, String nodeId, int concurrency, long workMillis) {
		this.dataSource = database.newPool(concurrency + 4, nodeId);
		this.store = JdbcJobStore.builder(this.dataSource).migrate(false).build();
		HandlerRegistry handlers = new HandlerRegistry().register("record", Map.class, (args, context) -> WorkerMain
			.record(this.dataSource, context.id(), nodeId, context.attempt(), workMillis));
		this.supervisor = ReliabilityDatabase.fastSupervisor(this.store, handlers, nodeId)
			.queue(new QueueConfig("default", concurrency, concurrency, Duration.ofMillis(200)))
			.build();
		this.supervisor.start();
	}

	Supervisor supervisor() {
		return this.supervisor;
	}

	@Override
	public void close() {
		this.supervisor.stop();
		this.store.close();
		this.dataSource.close();
	}

}
