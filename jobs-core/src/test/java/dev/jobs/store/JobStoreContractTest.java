package dev.jobs.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The executable specification of {@link JobStore}: every store extends this class and
 * passes every test in it. The tests live in one interface per concern
 * ({@link InsertContract}, {@link ClaimContract}, {@link CompleteContract},
 * {@link LimitContract}, {@link MaintenanceContract}, {@link LeaderContract},
 * {@link ControlContract}, {@link QueryContract}, {@link BrowseContract}); this class
 * holds the store's life cycle.
 * <p>
 * A subclass returns a fresh, empty store from {@link #createStore()} (called before each
 * test) and may release what it holds in {@link #cleanUp(JobStore)} (called after each
 * test, even a failed one). Tests pass every time to the store, starting from
 * {@link JobStoreFixture#T0}; a store must never read a clock of its own.
 */
public abstract class JobStoreContractTest implements InsertContract, ClaimContract, LimitContract, CompleteContract,
		MaintenanceContract, LeaderContract, ControlContract, QueryContract, DependencyContract, WorkflowContract,
		TagsContract, BrowseContract, ProgressContract {

	private JobStore store;

	/**
	 * A fresh store holding no jobs, no nodes, no lease and no paused queues.
	 * @return the store under test
	 */
	protected abstract JobStore createStore();

	/**
	 * Release what the store holds once a test is done; does nothing by default.
	 * @param store the store the test used
	 */
	protected void cleanUp(JobStore store) {
	}

	@BeforeEach
	final void createStoreUnderTest() {
		this.store = createStore();
	}

	@AfterEach
	final void cleanUpStoreUnderTest() {
		if (this.store != null) {
			cleanUp(this.store);
		}
	}

	@Override
	public final JobStore store() {
		return this.store;
	}

}
