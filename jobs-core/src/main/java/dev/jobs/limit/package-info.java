/**
 * Cluster-wide limits of job kinds: concurrency, per-key concurrency (mutexes) and rates,
 * enforced by the store inside the claim.
 */
@NullMarked
package dev.jobs.limit;

import org.jspecify.annotations.NullMarked;
