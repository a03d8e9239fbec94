package dev.jobs.engine;

import java.time.Duration;

/**
 * Checks shared by the engine's config records, so that every bad setting is reported the
 * same way: by name, with its value.
 */
final class Config {

	private Config() {
	}

	static void requireAtLeast(int value, int min, String name) {
		if (value < min) {
			throw new IllegalArgumentException(name + " must be at least " + min + ", but was " + value);
		}
	}

	static Duration requirePositive(Duration value, String name) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be a positive duration, but was " + value);
		}
		return value;
	}

	static void requireName(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank, but was '" + value + "'");
		}
	}

}
