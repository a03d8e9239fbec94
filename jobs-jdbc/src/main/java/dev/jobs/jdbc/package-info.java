/**
 * The durable job store on PostgreSQL, MariaDB and H2: its SQL by concern, its migrations
 * and its notifications.
 */
@NullMarked
package dev.jobs.jdbc;

import org.jspecify.annotations.NullMarked;
