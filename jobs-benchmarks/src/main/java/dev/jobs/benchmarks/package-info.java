/**
 * Benchmarks of the engine on each store, run from {@link dev.jobs.benchmarks.Main}.
 */
@NullMarked
package dev.jobs.benchmarks;

import org.jspecify.annotations.NullMarked;
