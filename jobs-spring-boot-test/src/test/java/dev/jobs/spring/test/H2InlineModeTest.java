package dev.jobs.spring.test;

import org.springframework.test.context.TestPropertySource;

/**
 * Inline mode on H2, in a database of its own.
 */
@TestPropertySource(properties = "spring.datasource.name=inline-mode")
class H2InlineModeTest extends AbstractInlineModeDatabaseTest {

	@Override
	String databaseProduct() {
		return "H2";
	}

}
