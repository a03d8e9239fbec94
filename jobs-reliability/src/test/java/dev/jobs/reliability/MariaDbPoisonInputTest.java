package dev.jobs.reliability;

import dev.jobs.reliability.ReliabilityDatabase.Server;

/**
 * {@link AbstractPoisonInputTest} on MariaDB: hostile and broken input, with the same
 * assertions.
 */
class MariaDbPoisonInputTest extends AbstractPoisonInputTest {

	MariaDbPoisonInputTest() {
		super(Server.MARIADB);
	}

}
