package dev.jobs.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of jobs: their names and key values.
 */
public enum JobsObservationDocumentation implements ObservationDocumentation {

	/**
	 * One enqueue call, in the caller's context: the span that the job's attempts
	 * continue.
	 */
	ENQUEUE {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultJobEnqueueObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.QUEUE, LowCardinalityKeys.KIND, LowCardinalityKeys.OUTCOME };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeys.JOB_ID, HighCardinalityKeys.JOB_COUNT };
		}
	},

	/**
	 * One attempt of one job, on the thread that runs its handler, continuing the trace
	 * of the enqueue (stored with the job as its {@code traceparent}).
	 */
	EXECUTE {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultJobExecuteObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.QUEUE, LowCardinalityKeys.KIND, LowCardinalityKeys.OUTCOME };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeys.JOB_ID, HighCardinalityKeys.ATTEMPT };
		}
	};

	/**
	 * Key values of few distinct values: fit for meter tags.
	 */
	public enum LowCardinalityKeys implements KeyName {

		/** The job's queue ({@code many} for an enqueue of several queues). */
		QUEUE {
			@Override
			public String asString() {
				return "queue";
			}
		},

		/** The job's kind ({@code many} for an enqueue of several kinds). */
		KIND {
			@Override
			public String asString() {
				return "kind";
			}
		},

		/**
		 * How it ended: for an attempt {@code completed}, {@code retried},
		 * {@code discarded}, {@code cancelled}, {@code snoozed} or {@code released}; for
		 * an enqueue {@code enqueued} or {@code failed}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

	/**
	 * Key values of many distinct values: for spans, never for meters.
	 */
	public enum HighCardinalityKeys implements KeyName {

		/** The job's id (the first job's, for an enqueue of several). */
		JOB_ID {
			@Override
			public String asString() {
				return "job.id";
			}
		},

		/** The attempt, from 1. */
		ATTEMPT {
			@Override
			public String asString() {
				return "job.attempt";
			}
		},

		/** How many jobs an enqueue call inserted. */
		JOB_COUNT {
			@Override
			public String asString() {
				return "job.count";
			}
		}

	}

}
