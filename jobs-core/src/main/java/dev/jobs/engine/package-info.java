/**
 * The engine: the supervisor and the parts it starts and stops in order.
 */
@NullMarked
package dev.jobs.engine;

import org.jspecify.annotations.NullMarked;
