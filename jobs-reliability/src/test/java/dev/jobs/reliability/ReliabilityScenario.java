package dev.jobs.reliability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A scenario on a fresh schema of its own, dropped afterwards.
 */
abstract class ReliabilityScenario {

	protected ReliabilityDatabase database;

	@BeforeEach
	final void createDatabase() {
		this.database = ReliabilityDatabase.create();
	}

	@AfterEach
	final void dropDatabase() {
		if (this.database != null) {
			this.database.close();
		}
	}

}
