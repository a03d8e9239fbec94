package dev.jobs.spring.handler;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SpringCronScheduleTest {

	private static final Instant NOW = Instant.parse("2026-03-01T10:07:30Z");

	@Test
	void readsFiveUnixFieldsAtSecondZero() {
		SpringCronSchedule schedule = SpringCronSchedule.of("*/15 * * * *", ZoneOffset.UTC);
		assertThat(schedule.next(NOW)).isEqualTo(Instant.parse("2026-03-01T10:15:00Z"));
		assertThat(schedule.next(Instant.parse("2026-03-01T10:15:00Z")))
			.isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
	}

	@Test
	void readsSixSpringFieldsSecondsFirst() {
		SpringCronSchedule schedule = SpringCronSchedule.of("*/20 * * * * *", ZoneOffset.UTC);
		assertThat(schedule.next(NOW)).isEqualTo(Instant.parse("2026-03-01T10:07:40Z"));
	}

	@Test
	void readsFiveFieldsWithNamesAndExtraSpaces() {
		SpringCronSchedule schedule = SpringCronSchedule.of("  0  3 * *  MON ", ZoneOffset.UTC);
		assertThat(schedule.next(NOW)).isEqualTo(Instant.parse("2026-03-02T03:00:00Z"));
	}

	@Test
	void readsMacros() {
		assertThat(SpringCronSchedule.of("@daily", ZoneOffset.UTC).next(NOW))
			.isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
		assertThat(SpringCronSchedule.of("@hourly", ZoneOffset.UTC).next(NOW))
			.isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
	}

	@Test
	void readsFiveFieldsInTheZone() {
		SpringCronSchedule schedule = SpringCronSchedule.of("0 3 * * *", ZoneId.of("Europe/Paris"));
		assertThat(schedule.next(NOW)).isEqualTo(Instant.parse("2026-03-02T02:00:00Z"));
	}

	@Test
	void rejectsAnotherNumberOfFieldsSayingWhatIsAccepted() {
		assertThatIllegalArgumentException().isThrownBy(() -> SpringCronSchedule.of("0 3 * *", ZoneOffset.UTC))
			.withMessageContaining("5 fields (minute first) or 6 fields (second first)")
			.withMessageContaining("found 4 in '0 3 * *'");
		assertThatIllegalArgumentException().isThrownBy(() -> SpringCronSchedule.of("", ZoneOffset.UTC))
			.withMessageContaining("found 0");
	}

	@Test
	void rejectsAMalformedFiveFieldExpression() {
		assertThatIllegalArgumentException().isThrownBy(() -> SpringCronSchedule.of("61 * * * *", ZoneOffset.UTC));
		assertThatIllegalArgumentException().isThrownBy(() -> SpringCronSchedule.of("@sometimes", ZoneOffset.UTC));
	}

}
