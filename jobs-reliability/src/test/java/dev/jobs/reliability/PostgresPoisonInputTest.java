package dev.jobs.reliability;

import dev.jobs.reliability.ReliabilityDatabase.Server;

/**
 * {@link AbstractPoisonInputTest} on PostgreSQL: hostile and broken input, with the same
 * assertions.
 */
class PostgresPoisonInputTest extends AbstractPoisonInputTest {

	PostgresPoisonInputTest() {
		super(Server.POSTGRESQL);
	}

}
