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
