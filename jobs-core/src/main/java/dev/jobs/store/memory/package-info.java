/**
 * The in-memory job store: the whole engine in one process, no database; not durable.
 */
@NullMarked
package dev.jobs.store.memory;

import org.jspecify.annotations.NullMarked;
