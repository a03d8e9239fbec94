package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

/**
 * Binds a batch of rows as one array parameter per column, for statements that
 * {@code unnest} their input (PostgreSQL). Each column is declared once, in parameter
 * order, with its array type and how to read its value from a row; a null value is a null
 * element. Declare the columns once per statement when values come from the row alone, or
 * per call when they also depend on the call (such as its time).
 *
 * <pre class="code">
 * ColumnArrays&lt;Completion&gt; outcomes = ColumnArrays.&lt;Completion&gt;builder()
 *     .int8(Completion::id)
 *     .timestamp(Completion::at)
 *     .build();
 * int next = outcomes.bind(statement, 1, completions);
 * </pre>
 *
 * @param <T> the row type
 */
final class ColumnArrays<T> {

	private final List<Column<T>> columns;

	private ColumnArrays(List<Column<T>> columns) {
		this.columns = List.copyOf(columns);
	}

	/**
	 * Start declaring columns.
	 * @param <T> the row type
	 * @return a builder with no columns
	 */
	static <T> Builder<T> builder() {
		return new Builder<>();
	}

	/**
	 * Set one array per column, in declaration order; each array holds one element per
	 * row, in row order.
	 * @param statement the statement
	 * @param firstIndex the parameter index of the first column's array
	 * @param rows the rows
	 * @return the index of the parameter after the last array
	 * @throws SQLException if the connection cannot create or the statement take an array
	 */
	int bind(PreparedStatement statement, int firstIndex, List<? extends T> rows) throws SQLException {
		Connection connection = statement.getConnection();
		int index = firstIndex;
		for (Column<T> column : this.columns) {
			Object[] values = column.newArray().apply(rows.size());
			int i = 0;
			for (T row : rows) {
				values[i++] = column.value().apply(row);
			}
			statement.setArray(index++, connection.createArrayOf(column.type(), values));
		}
		return index;
	}

	/**
	 * Declares columns in parameter order.
	 *
	 * @param <T> the row type
	 */
	static final class Builder<T> {

		private final List<Column<T>> columns = new ArrayList<>();

		private Builder() {
		}

		/**
		 * A {@code text} array; also for JSON, which the statement casts.
		 * @param value the row's value
		 * @return this builder
		 */
		Builder<T> text(Function<? super T, ? extends @Nullable String> value) {
			return add("text", String[]::new, value);
		}

		/**
		 * A {@code smallint} array.
		 * @param value the row's value
		 * @return this builder
		 */
		Builder<T> int2(Function<? super T, ? extends @Nullable Short> value) {
			return add("int2", Short[]::new, value);
		}

		/**
		 * An {@code integer} array.
		 * @param value the row's value
		 * @return this builder
		 */
		Builder<T> int4(Function<? super T, ? extends @Nullable Integer> value) {
			return add("int4", Integer[]::new, value);
		}

		/**
		 * A {@code bigint} array.
		 * @param value the row's value
		 * @return this builder
		 */
		Builder<T> int8(Function<? super T, ? extends @Nullable Long> value) {
			return add("int8", Long[]::new, value);
		}

		/**
		 * A {@code double precision} array.
		 * @param value the row's value
		 * @return this builder
		 */
		Builder<T> float8(Function<? super T, ? extends @Nullable Double> value) {
			return add("float8", Double[]::new, value);
		}

		/**
		 * A {@code boolean} array.
		 * @param value the row's value
		 * @return this builder
		 */
		Builder<T> bool(Function<? super T, ? extends @Nullable Boolean> value) {
			return add("bool", Boolean[]::new, value);
		}

		/**
		 * Times as a {@code text} array that the statement casts to
		 * {@code timestamptz[]}, cut to microseconds (see {@link Jdbc#text(Instant)}).
		 * @param value the row's value
		 * @return this builder
		 */
		Builder<T> timestamp(Function<? super T, ? extends @Nullable Instant> value) {
			return add("text", String[]::new, (row) -> Jdbc.text(value.apply(row)));
		}

		ColumnArrays<T> build() {
			return new ColumnArrays<>(this.columns);
		}

		private Builder<T> add(String type, IntFunction<Object[]> newArray, Function<? super T, ?> value) {
			this.columns.add(new Column<>(type, newArray, value));
			return this;
		}

	}

	/**
	 * One column: its array's element type name (as {@link Connection#createArrayOf}
	 * takes it), a typed array for its values, and how to read its value from a row.
	 */
	private record Column<T>(String type, IntFunction<Object[]> newArray, Function<? super T, ?> value) {
	}

}
