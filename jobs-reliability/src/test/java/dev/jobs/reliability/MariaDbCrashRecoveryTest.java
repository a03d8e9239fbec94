package dev.jobs.reliability;

import dev.jobs.reliability.ReliabilityDatabase.Server;

/**
 * {@link AbstractCrashRecoveryTest} on MariaDB: worker JVMs killed with SIGKILL mid-run,
 * with the same assertions.
 */
class MariaDbCrashRecoveryTest extends AbstractCrashRecoveryTest {

	MariaDbCrashRecoveryTest() {
		super(Server.MARIADB);
	}

}
