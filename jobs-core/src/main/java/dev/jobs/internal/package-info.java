/**
 * Helpers shared by the core packages; not part of the API.
 */
@NullMarked
package dev.jobs.internal;

import org.jspecify.annotations.NullMarked;
