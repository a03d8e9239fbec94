package dev.jobs.reliability;

import dev.jobs.reliability.ReliabilityDatabase.Server;

/**
 * {@link AbstractCrashRecoveryTest} on PostgreSQL: worker JVMs killed with SIGKILL
 * mid-run, with the same assertions.
 */
class PostgresCrashRecoveryTest extends AbstractCrashRecoveryTest {

	PostgresCrashRecoveryTest() {
		super(Server.POSTGRESQL);
	}

}
