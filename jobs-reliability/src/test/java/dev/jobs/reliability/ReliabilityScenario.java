package dev.jobs.reliability;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A scenario on a fresh schema of its own, dropped afterwards.
 */
abstract class ReliabilityScenario {

	@RegisterExtension
	final ReliabilityDatabase database = ReliabilityDatabase.perTest();

}
