-- Records whether the job tables existed when the application's own schema script ran.
CREATE TABLE app_init_marker AS
	SELECT COUNT(*) AS job_tables FROM INFORMATION_SCHEMA.TABLES WHERE UPPER(TABLE_NAME) = 'JOBS';
