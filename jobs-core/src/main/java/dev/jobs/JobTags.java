package dev.jobs;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The rules for a job's tags: labels such as {@code tenant:42} or {@code import} that
 * operators filter jobs by. Each store indexes them, so they are bounded: at most
 * {@value #MAX_TAGS} per job, each at most {@value #MAX_LENGTH} characters, none blank.
 * Tags are free text for people and never become meter tags (their values are unbounded).
 */
public final class JobTags {

	/** The most tags one job may have. */
	public static final int MAX_TAGS = 16;

	/** The longest tag, in characters. */
	public static final int MAX_LENGTH = 100;

	private JobTags() {
	}

	/**
	 * Check tags, dropping repeats (the first one stays in place).
	 * @param tags the tags, or {@code null} for none
	 * @return the tags, unmodifiable
	 * @throws IllegalArgumentException naming the first bad tag
	 */
	public static List<String> validate(@Nullable List<String> tags) {
		if (tags == null || tags.isEmpty()) {
			return List.of();
		}
		Set<String> distinct = new LinkedHashSet<>(tags.size());
		for (String tag : tags) {
			Objects.requireNonNull(tag, "a tag must not be null");
			if (tag.isBlank()) {
				throw new IllegalArgumentException("A tag must not be blank, but was '" + tag + "' in " + tags);
			}
			if (tag.length() > MAX_LENGTH) {
				throw new IllegalArgumentException("A tag must be at most " + MAX_LENGTH + " characters, but '" + tag
						+ "' has " + tag.length() + "; keep tags short labels, and put data in the args");
			}
			distinct.add(tag);
		}
		if (distinct.size() > MAX_TAGS) {
			throw new IllegalArgumentException("A job may have at most " + MAX_TAGS + " tags, but was given "
					+ distinct.size() + ": " + tags + "; put data in the args, and keep tags for finding jobs");
		}
		return List.copyOf(distinct);
	}

}
