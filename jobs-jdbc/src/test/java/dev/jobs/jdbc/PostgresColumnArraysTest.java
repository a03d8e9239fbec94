package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows bound as column arrays come back out of {@code unnest} as they went in: every
 * type, nulls, row order, and parameters before and after the arrays.
 */
class PostgresColumnArraysTest {

	private static final String UNNEST = "SELECT CAST(? AS text) AS before, i.*, CAST(? AS text) AS after "
			+ "FROM unnest(CAST(? AS text[]), CAST(? AS smallint[]), CAST(? AS integer[]), CAST(? AS bigint[]), "
			+ "CAST(? AS boolean[]), CAST(? AS timestamptz[])) WITH ORDINALITY "
			+ "AS i(text, small, number, big, flag, at, ord) ORDER BY ord";

	private static final ColumnArrays<Row> COLUMNS = ColumnArrays.<Row>builder()
		.text(Row::text)
		.int2(Row::small)
		.int4(Row::number)
		.int8(Row::big)
		.bool(Row::flag)
		.timestamp(Row::at)
		.build();

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	@Test
	void rowsComeBackInOrderWithEveryValueAndNull() throws SQLException {
		Row first = new Row("first", (short) 2, 3, 4_000_000_000L, true,
				Instant.parse("2026-03-01T12:34:56.123456789Z"));
		Row nulls = new Row(null, null, null, null, null, null);
		Row edges = new Row("it's \"quoted\", {braced}", (short) -1, Integer.MIN_VALUE, Long.MAX_VALUE, false,
				Instant.EPOCH);
		Row firstInMicros = new Row("first", (short) 2, 3, 4_000_000_000L, true,
				Instant.parse("2026-03-01T12:34:56.123456Z"));
		assertThat(roundTrip(List.of(first, nulls, edges))).containsExactly(firstInMicros, nulls, edges);
	}

	@Test
	void noRowsBindEmptyArrays() throws SQLException {
		assertThat(roundTrip(List.of())).isEmpty();
	}

	@Test
	void bindReturnsTheParameterAfterTheArrays() throws SQLException {
		try (Connection connection = database.openConnection();
				PreparedStatement statement = connection.prepareStatement(UNNEST)) {
			assertThat(COLUMNS.bind(statement, 3, List.of())).isEqualTo(9);
		}
	}

	/**
	 * Bind the rows between two plain parameters, and read them back.
	 */
	private static List<Row> roundTrip(List<Row> rows) throws SQLException {
		List<Row> read = new ArrayList<>();
		try (Connection connection = database.openConnection();
				PreparedStatement statement = connection.prepareStatement(UNNEST)) {
			statement.setString(1, "before");
			statement.setString(2, "after");
			COLUMNS.bind(statement, 3, rows);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					assertThat(result.getString("before")).isEqualTo("before");
					assertThat(result.getString("after")).isEqualTo("after");
					read.add(new Row(result.getString("text"), result.getObject("small", Short.class),
							result.getObject("number", Integer.class), result.getObject("big", Long.class),
							result.getObject("flag", Boolean.class), Dialect.POSTGRESQL.getInstant(result, "at")));
				}
			}
		}
		return read;
	}

	private record Row(@Nullable String text, @Nullable Short small, @Nullable Integer number, @Nullable Long big,
			@Nullable Boolean flag, @Nullable Instant at) {
	}

}
