package dev.jobs.engine;

/**
 * Why a running job was asked to stop: the first reason given wins, and decides how a
 * handler that then throws is recorded.
 */
enum StopReason {

	/** A cancel was requested: the job ends cancelled unless it completes first. */
	CANCELLED,

	/** The job ran past its timeout: the attempt fails with a timeout error. */
	TIMED_OUT,

	/** The node is stopping: the job is handed back with its attempt given back. */
	SHUTDOWN

}
