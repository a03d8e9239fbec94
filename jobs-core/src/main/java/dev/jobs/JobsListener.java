package dev.jobs;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears every job transition: metrics, logs and tests hang off it. Called on the engine's
 * threads, so keep it quick; an exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface JobsListener {

	/** A listener that does nothing. */
	JobsListener NONE = (event) -> {
	};

	void onEvent(JobEvent event);

	/**
	 * Tell several listeners, in order; one that throws does not stop the others.
	 * @param listeners the listeners
	 * @return one listener for all
	 */
	static JobsListener composite(List<? extends JobsListener> listeners) {
		List<JobsListener> all = List.copyOf(listeners);
		Logger logger = LoggerFactory.getLogger(JobsListener.class);
		return (event) -> {
			for (JobsListener listener : all) {
				try {
					listener.onEvent(event);
				}
				catch (RuntimeException ex) {
					logger.warn("Jobs listener {} failed on {} of job {}", listener, event.type(), event.job().id(),
							ex);
				}
			}
		};
	}

}
