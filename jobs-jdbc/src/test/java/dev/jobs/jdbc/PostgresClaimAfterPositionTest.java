package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.jobs.Job;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.ClaimPosition;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL claim after a position: it takes the jobs after the position in claim
 * order, leaves the rest to a claim from the head, and descends the claim index to the
 * position instead of walking the entries of the jobs claimed before it.
 */
class PostgresClaimAfterPositionTest {

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	/** When every job is inserted: after all their due times, so all are available. */
	private static final Instant NOW = T0.plus(Duration.ofDays(1));

	@RegisterExtension
	final PostgresTestDatabase database = PostgresTestDatabase.perTest();

	private JdbcJobStore store;

	@BeforeEach
	void createStore() {
		this.store = JdbcJobStore.builder(this.database.dataSource()).build();
	}

	@Test
	void claimsAfterPositionsOnlyOnPostgres() {
		assertThat(this.store.claimsAfterPosition()).isTrue();
	}

	@Test
	void aClaimAfterAPositionTakesTheJobsAfterItInClaimOrderAndLeavesTheRest() {
		List<Job> jobs = this.store.insert(new InsertParams(
				List.of(job(0, 1), job(0, 2), job(0, 3), job(0, 4), job(5, 9), job(-1, 0), job(0, 0)), NOW));
		ClaimPosition second = ClaimPosition.of(jobs.get(1));

		List<Job> after = this.store.fetch(new FetchParams("q", 10, "node", T0).after(second));

		assertThat(after).extracting(Job::id).containsExactly(jobs.get(2).id(), jobs.get(3).id());
		// Another priority, and a job before the position, wait for a claim from the
		// head.
		assertThat(this.store.fetch(new FetchParams("q", 10, "node", T0))).extracting(Job::id)
			.containsExactly(jobs.get(4).id(), jobs.get(6).id(), jobs.get(0).id(), jobs.get(1).id(), jobs.get(5).id());
	}

	@Test
	void aClaimAfterAPositionSkipsTheIndexEntriesOfTheJobsClaimedBeforeIt() throws SQLException {
		List<Job> claimed = this.store
			.insert(new InsertParams(IntStream.range(0, 20_000).mapToObj((i) -> job(0, i)).toList(), NOW));
		try (Connection connection = this.database.openConnection();
				Statement statement = connection.createStatement()) {
			// Claimed and finished, not vacuumed: their entries stay at the claim index's
			// head.
			statement.execute("UPDATE jobs SET state = 2, finished_at = now()");
		}
		this.store.insert(new InsertParams(List.of(job(0, 30_000), job(0, 30_001)), NOW));
		ClaimPosition last = ClaimPosition.of(claimed.get(claimed.size() - 1));

		int fromHead = claimIndexBuffers(null);
		int afterLast = claimIndexBuffers(last);

		assertThat(fromHead).isGreaterThan(50);
		assertThat(afterLast).isLessThan(10);
	}

	/**
	 * The buffers the claim's scan of the claim index read, from {@code EXPLAIN (ANALYZE,
	 * BUFFERS)} of the claim, rolled back.
	 */
	private int claimIndexBuffers(ClaimPosition after) throws SQLException {
		ClaimSql sql = new ClaimSql(Tables.of(Dialect.POSTGRESQL, this.store.schema(), this.store.tablePrefix()),
				false);
		String claim = (after != null) ? sql.postgresClaimAfterStatement() : sql.postgresClaimStatement();
		try (Connection connection = this.database.openConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection
				.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + claim)) {
				int index = 1;
				statement.setObject(index++, OffsetDateTime.now());
				statement.setString(index++, "node");
				statement.setString(index++, "q");
				statement.setString(index++, "q");
				if (after != null) {
					statement.setInt(index++, after.priority());
					statement.setObject(index++, after.scheduledAt().atOffset(ZoneOffset.UTC));
					statement.setLong(index++, after.id());
				}
				statement.setInt(index, 10);
				StringBuilder plan = new StringBuilder();
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						plan.append(rows.getString(1)).append('\n');
					}
				}
				return buffersOfClaimIndexScan(plan.toString());
			}
			finally {
				connection.rollback();
			}
		}
	}

	private static int buffersOfClaimIndexScan(String plan) {
		String scan = plan.substring(plan.indexOf("Index Scan using jobs_claim_idx"));
		String buffers = scan.substring(scan.indexOf("Buffers:"), scan.indexOf('\n', scan.indexOf("Buffers:")));
		Matcher counts = Pattern.compile("(?:hit|read)=(\\d+)").matcher(buffers);
		int total = 0;
		while (counts.find()) {
			total += Integer.parseInt(counts.group(1));
		}
		return total;
	}

	private static JobInsert job(int priority, int second) {
		return new JobInsert("q", "work", "{}", priority, 20, T0.plusSeconds(second), null, UniqueStrategy.IGNORE,
				null);
	}

}
