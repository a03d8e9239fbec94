package dev.jobs.jdbc;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What only the JDBC store does, on H2 (store contract: {@link H2JobStoreContractTest}).
 */
class H2JdbcJobStoreTest extends AbstractJdbcJobStoreTest {

	@RegisterExtension
	static final H2TestDatabase database = H2TestDatabase.perClass();

	private static JdbcJobStore store;

	@BeforeAll
	static void createStore() {
		store = JdbcJobStore.builder(database.dataSource()).build();
	}

	@Override
	protected DataSource dataSource() {
		return database.dataSource();
	}

	@Override
	protected JdbcJobStore store() {
		return store;
	}

	@Test
	void theIndexOfClaimsUnderLimitsIsThereWhenPrepareReturns() throws SQLException {
		Tables tables = Tables.of(Dialect.H2, store.schema(), store.tablePrefix());
		dropKindIndex(tables);
		KindIndex index = new KindIndex(tables);

		// Built on the caller's thread: claims prepared by other sessions during a build
		// on a thread of its own failed in H2's planner.
		index.prepare(dataSource(), true);

		assertThat(index.isBuilding()).isFalse();
		assertThat(index.isPresent()).isTrue();
		assertThat(index.exists(dataSource())).isTrue();
	}

}
