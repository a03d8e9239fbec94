package dev.jobs.reliability;

import dev.jobs.reliability.ReliabilityDatabase.Server;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A scenario on a fresh schema (on MariaDB, a database) of its own, dropped afterwards:
 * on PostgreSQL, or on the server a subclass names.
 */
abstract class ReliabilityScenario {

	@RegisterExtension
	final ReliabilityDatabase database;

	ReliabilityScenario() {
		this(Server.POSTGRESQL);
	}

	ReliabilityScenario(Server server) {
		this.database = ReliabilityDatabase.perTest(server);
	}

}
