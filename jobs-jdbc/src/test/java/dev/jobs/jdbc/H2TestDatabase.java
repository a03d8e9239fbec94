package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-memory H2 database of its own for a test class, or for each test, which is shut
 * down at the end.
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final H2TestDatabase database = H2TestDatabase.perClass();
 * </pre>
 */
public final class H2TestDatabase extends TestDatabaseExtension {

	private JdbcDataSource dataSource;

	private H2TestDatabase(boolean perTest) {
		super(perTest);
	}

	/**
	 * One database for the whole test class, for a static field.
	 * @return the extension
	 */
	public static H2TestDatabase perClass() {
		return new H2TestDatabase(false);
	}

	/**
	 * A fresh database for each test.
	 * @return the extension
	 */
	public static H2TestDatabase perTest() {
		return new H2TestDatabase(true);
	}

	@Override
	void open(ExtensionContext context) {
		JdbcDataSource dataSource = new JdbcDataSource();
		// Kept between connections until the shutdown in close().
		dataSource.setURL("jdbc:h2:mem:" + context.getRequiredTestClass().getSimpleName() + "_"
				+ UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
		dataSource.setUser("sa");
		this.dataSource = dataSource;
	}

	@Override
	void close() {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("SHUTDOWN");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not shut down " + this.dataSource.getURL(), ex);
		}
		finally {
			this.dataSource = null;
		}
	}

	/**
	 * The database.
	 * @return its data source
	 */
	public JdbcDataSource dataSource() {
		assertOpen();
		return this.dataSource;
	}

}
