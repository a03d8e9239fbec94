package dev.jobs.dashboard;

/**
 * The dashboard's API on H2.
 */
class H2DashboardApiTest extends AbstractDashboardApiTest {

}
