package dev.jobs.reliability;

import dev.jobs.reliability.ReliabilityDatabase.Server;

/**
 * {@link AbstractGracefulShutdownTest} on PostgreSQL: SIGTERM mid-run, with the same
 * assertions.
 */
class PostgresGracefulShutdownTest extends AbstractGracefulShutdownTest {

	PostgresGracefulShutdownTest() {
		super(Server.POSTGRESQL);
	}

}
