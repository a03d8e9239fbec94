package dev.jobs.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by the core packages, so that every bad setting is reported the
 * same way: by name, with its value. Not part of the API: it may change in any release.
 */
public final class Require {

	private Require() {
	}

	/**
	 * A number no smaller than {@code min}.
	 * @param value the value
	 * @param min the smallest value allowed
	 * @param name the setting, for the message
	 * @return the value
	 */
	public static int atLeast(int value, int min, String name) {
		if (value < min) {
			throw new IllegalArgumentException(name + " must be at least " + min + ", but was " + value);
		}
		return value;
	}

	/**
	 * A job's priority: any {@code int} but {@link Integer#MIN_VALUE}, whose negation
	 * does not fit in an {@code int} (MariaDB's claim index holds the negated priority,
	 * and refuses it).
	 * @param value the priority
	 * @param name the setting, for the message
	 * @return the value
	 */
	public static int priority(int value, String name) {
		if (value == Integer.MIN_VALUE) {
			throw new IllegalArgumentException(name + " must be at least -Integer.MAX_VALUE (" + -Integer.MAX_VALUE
					+ "), but was Integer.MIN_VALUE: the claim order negates priorities, and that one has no "
					+ "negation in an int");
		}
		return value;
	}

	/**
	 * A duration longer than zero.
	 * @param value the value
	 * @param name the setting, for the message
	 * @return the value
	 */
	public static Duration positive(@Nullable Duration value, String name) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be a positive duration, but was " + value);
		}
		return value;
	}

	/**
	 * A name with at least one character that is not white space.
	 * @param value the value
	 * @param name the setting, for the message
	 * @return the value
	 */
	public static String name(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(
					name + " must not be null or blank, but was " + ((value != null) ? "'" + value + "'" : "null"));
		}
		return value;
	}

}
