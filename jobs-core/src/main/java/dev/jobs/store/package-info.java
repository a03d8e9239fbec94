/**
 * The job store SPI, named after state changes, with a params record per operation.
 */
@NullMarked
package dev.jobs.store;

import org.jspecify.annotations.NullMarked;
