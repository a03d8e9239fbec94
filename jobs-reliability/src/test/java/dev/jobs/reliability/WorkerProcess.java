package dev.jobs.reliability;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WorkerMain} JVM started by a test: waits for it to be ready, and stops it with
 * SIGKILL ({@link #kill()}) or SIGTERM ({@link #terminate(Duration)}).
 */
final class WorkerProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private final String nodeId;

	private final Process process;

	private final CountDownLatch ready = new CountDownLatch(1);

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final Thread reader;

	private WorkerProcess(String nodeId, Process process) {
		this.nodeId = nodeId;
		this.process = process;
		this.reader = new Thread(this::readOutput, "worker-output-" + nodeId);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	static WorkerProcess start(ReliabilityDatabase database, String nodeId, int concurrency, long workMillis)
			throws Exception {
		return start(database.serverUrl(), database.schema(), nodeId, concurrency, workMillis);
	}

	/**
	 * Start a worker on any server the store supports.
	 * @param serverUrl the server's JDBC URL
	 * @param schema the schema (on MariaDB the database) of the tables
	 * @param nodeId the node
	 * @param concurrency the slots
	 * @param workMillis the work per job
	 * @return the worker, once it is running
	 */
	static WorkerProcess start(String serverUrl, String schema, String nodeId, int concurrency, long workMillis)
			throws Exception {
		return start(serverUrl, schema, nodeId, concurrency, workMillis, List.of());
	}

	/**
	 * Start a worker whose {@code record} jobs run at most {@code perKey} at once per
	 * limit key across the cluster.
	 * @param database the database
	 * @param nodeId the node
	 * @param concurrency the slots
	 * @param workMillis the work per job
	 * @param perKey the per-key concurrency limit
	 * @return the worker, once it is running
	 */
	static WorkerProcess startLimited(ReliabilityDatabase database, String nodeId, int concurrency, long workMillis,
			int perKey) throws Exception {
		return start(database.serverUrl(), database.schema(), nodeId, concurrency, workMillis,
				List.of(Integer.toString(perKey)));
	}

	private static WorkerProcess start(String serverUrl, String schema, String nodeId, int concurrency, long workMillis,
			List<String> extra) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
		command.add("-Xmx256m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(WorkerMain.class.getName());
		command.add(serverUrl);
		command.add(schema);
		command.add(nodeId);
		command.add(Integer.toString(concurrency));
		command.add(Long.toString(workMillis));
		command.addAll(extra);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		WorkerProcess worker = new WorkerProcess(nodeId, process);
		if (!worker.ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("Worker " + nodeId + " did not start within " + START_TIMEOUT);
		}
		return worker;
	}

	String nodeId() {
		return this.nodeId;
	}

	/**
	 * SIGKILL: the JVM dies at once, with no shutdown hook.
	 * @throws InterruptedException if interrupted while waiting for it to die
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/**
	 * SIGTERM: the shutdown hook stops the supervisor gracefully.
	 * @param timeout how long to wait for the JVM to exit
	 * @return how long it took to exit
	 * @throws InterruptedException if interrupted while waiting
	 */
	Duration terminate(Duration timeout) throws InterruptedException {
		long start = System.nanoTime();
		// Through the handle: Process.destroy() would also close our end of the worker's
		// output, and we would miss what it prints while it stops.
		this.process.toHandle().destroy();
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			throw new IllegalStateException(
					"Worker " + this.nodeId + " did not exit within " + timeout + " of SIGTERM");
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		// The process exited: its last lines are read once the reader reaches the end.
		this.reader.join(timeout.toMillis());
		return took;
	}

	boolean stoppedGracefully() {
		return this.stopped.getCount() == 0;
	}

	String exitStatus() {
		return this.process.isAlive() ? "running" : "exit code " + this.process.exitValue();
	}

	private void readOutput() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.contains(WorkerMain.READY)) {
					this.ready.countDown();
				}
				else if (line.contains(WorkerMain.STOPPED)) {
					this.stopped.countDown();
				}
				else if (line.contains("ERROR") || line.contains("Exception")) {
					System.out.println("[" + this.nodeId + "] " + line);
				}
			}
		}
		catch (Exception ex) {
			// The process died; its exit is what the test looks at.
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

}
