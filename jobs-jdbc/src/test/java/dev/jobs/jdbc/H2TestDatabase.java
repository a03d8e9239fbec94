package dev.jobs.jdbc;

import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;

/**
 * An in-memory H2 database of its own for one test class, kept until the JVM ends.
 */
public final class H2TestDatabase {

	private H2TestDatabase() {
	}

	/**
	 * A fresh in-memory database.
	 * @param testClass the test class, which names the database
	 * @return its data source
	 */
	public static JdbcDataSource create(Class<?> testClass) {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:" + testClass.getSimpleName() + "_"
				+ UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
		dataSource.setUser("sa");
		return dataSource;
	}

}
