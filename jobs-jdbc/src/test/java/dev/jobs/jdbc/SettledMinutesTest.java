package dev.jobs.jdbc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.jobs.jdbc.QueueFiguresSql.Finished;
import dev.jobs.jdbc.QueueFiguresSql.SettledMinutes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview's last hour reads each settled minute once, and only the minutes still
 * settling afterwards.
 */
class SettledMinutesTest {

	private static final Instant NOW = Instant.parse("2026-12-01T10:30:20Z");

	private static final Instant HOUR_AGO = NOW.minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);

	private final List<Finished> table = new ArrayList<>();

	private final List<Instant> reads = new ArrayList<>();

	private final SettledMinutes settled = new SettledMinutes();

	@Test
	void readsTheWholeHourOnceThenOnlyTheMinutesStillSettling() throws Exception {
		this.table.add(finished("a", NOW.minus(50, ChronoUnit.MINUTES), 5));
		this.table.add(finished("a", NOW.minus(1, ChronoUnit.MINUTES), 2));
		assertThat(read(NOW)).containsExactlyInAnyOrderElementsOf(this.table);
		assertThat(read(NOW)).containsExactlyInAnyOrderElementsOf(this.table);
		assertThat(this.reads).containsExactly(HOUR_AGO, Instant.parse("2026-12-01T10:27:00Z"));
	}

	@Test
	void aSettledMinuteKeepsItsFiguresWhenItsJobsArePruned() throws Exception {
		Finished old = finished("a", NOW.minus(50, ChronoUnit.MINUTES), 5);
		this.table.add(old);
		read(NOW);
		this.table.clear();
		assertThat(read(NOW)).containsExactly(old);
	}

	@Test
	void aMinuteStillSettlingIsReadAgainEachTime() throws Exception {
		Instant recent = NOW.minus(2, ChronoUnit.MINUTES);
		this.table.add(finished("a", recent, 1));
		read(NOW);
		this.table.add(finished("a", recent, 3));
		assertThat(read(NOW)).extracting(Finished::completed).containsExactlyInAnyOrder(1L, 3L);
	}

	@Test
	void aMinuteThatSettledSinceTheLastReadIsReadFromThere() throws Exception {
		Finished old = finished("a", NOW.minus(50, ChronoUnit.MINUTES), 5);
		this.table.add(old);
		read(NOW);
		assertThat(read(NOW.plus(1, ChronoUnit.MINUTES))).containsExactly(old);
		assertThat(this.reads).containsExactly(HOUR_AGO, Instant.parse("2026-12-01T10:27:00Z"));
	}

	private List<Finished> read(Instant now) throws Exception {
		return this.settled.finished(HOUR_AGO, now, (from) -> {
			this.reads.add(from);
			return this.table.stream().filter((row) -> !row.minute().isBefore(from)).toList();
		});
	}

	private static Finished finished(String queue, Instant at, long completed) {
		return new Finished(queue, at.truncatedTo(ChronoUnit.MINUTES), completed, 0);
	}

}
