package dev.jobs.reliability;

import dev.jobs.reliability.ReliabilityDatabase.Server;

/**
 * {@link AbstractGracefulShutdownTest} on MariaDB: SIGTERM mid-run, with the same
 * assertions.
 */
class MariaDbGracefulShutdownTest extends AbstractGracefulShutdownTest {

	MariaDbGracefulShutdownTest() {
		super(Server.MARIADB);
	}

}
