package dev.jobs.spring.test;

import org.springframework.test.context.TestPropertySource;

/**
 * Manual mode on H2, in a database of its own.
 */
@TestPropertySource(properties = "spring.datasource.name=manual-mode")
class H2ManualModeTest extends AbstractManualModeDatabaseTest {

	@Override
	String databaseProduct() {
		return "H2";
	}

}
