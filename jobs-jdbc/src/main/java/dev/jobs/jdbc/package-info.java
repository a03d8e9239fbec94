/**
 * The durable job store on PostgreSQL, MariaDB and H2: its SQL by concern, migrations and
 * notifications.
 */
@NullMarked
package dev.jobs.jdbc;

import org.jspecify.annotations.NullMarked;
