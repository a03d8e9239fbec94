package dev.jobs.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The ratios of paired runs: which pair to report, and all of them for its note.
 */
final class Ratios {

	private Ratios() {
	}

	/**
	 * The pair whose ratio is the median.
	 * @param ratios one ratio per pair
	 * @return its index
	 */
	static int medianIndex(double[] ratios) {
		Integer[] order = new Integer[ratios.length];
		Arrays.setAll(order, (i) -> i);
		Arrays.sort(order, (a, b) -> Double.compare(ratios[a], ratios[b]));
		return order[order.length / 2];
	}

	/**
	 * The ratios to two decimals, such as {@code [0.86, 0.80]}.
	 * @param ratios one ratio per pair
	 * @return the text
	 */
	static String format(double[] ratios) {
		return Arrays.stream(ratios)
			.mapToObj((ratio) -> String.format(Locale.ROOT, "%.2f", ratio))
			.collect(Collectors.joining(", ", "[", "]"));
	}

}
