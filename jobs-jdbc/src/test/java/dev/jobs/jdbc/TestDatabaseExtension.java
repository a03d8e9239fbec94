package dev.jobs.jdbc;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test database as a JUnit extension, opened once for a test class or afresh for each
 * test. The database is there from before the class's (or the test's) own set-up methods
 * until after its tear-down methods.
 */
abstract class TestDatabaseExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

	private final boolean perTest;

	private boolean open;

	TestDatabaseExtension(boolean perTest) {
		this.perTest = perTest;
	}

	/**
	 * Create the database.
	 * @param context the test class or the test it is for
	 */
	abstract void open(ExtensionContext context);

	/**
	 * Drop the database and release what it holds.
	 */
	abstract void close();

	@Override
	public void beforeAll(ExtensionContext context) {
		if (!this.perTest) {
			openOnce(context);
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		if (this.perTest) {
			openOnce(context);
		}
		else if (!this.open) {
			// JUnit calls BeforeAllCallback only on extensions in static fields.
			throw new IllegalStateException(getClass().getSimpleName() + ".perClass() in "
					+ context.getRequiredTestClass().getName() + " is not open: register it on a static field, "
					+ "or use perTest() on an instance field");
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (this.perTest) {
			closeIfOpen();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (!this.perTest) {
			closeIfOpen();
		}
	}

	/**
	 * Fail unless the database is open, naming what to do.
	 */
	final void assertOpen() {
		if (!this.open) {
			throw new IllegalStateException(getClass().getSimpleName()
					+ " is only open while its test class or test runs: register it with @RegisterExtension");
		}
	}

	private void openOnce(ExtensionContext context) {
		if (this.open) {
			throw new IllegalStateException(getClass().getSimpleName() + " is already open; register it only once");
		}
		this.open = true;
		try {
			open(context);
		}
		catch (RuntimeException | Error ex) {
			// Such as the skip when there is no server: nothing to close.
			this.open = false;
			throw ex;
		}
	}

	private void closeIfOpen() {
		// Not open when there was no server and the class was skipped.
		if (this.open) {
			this.open = false;
			close();
		}
	}

}
