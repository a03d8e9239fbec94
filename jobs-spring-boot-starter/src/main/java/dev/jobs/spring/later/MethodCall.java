package dev.jobs.spring.later;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The args of a {@link MethodJobs#KIND} job: which bean method to call, and its arguments
 * as JSON, snapshotted at enqueue.
 *
 * @param type the bean's type, as given to {@link MethodJobs#later}
 * @param method the method's name
 * @param parameterTypes the method's parameter types, to tell overloads apart
 * @param args the arguments, one JSON value each
 */
public record MethodCall(String type, String method, List<String> parameterTypes, List<JsonNode> args) {

	public MethodCall {
		parameterTypes = List.copyOf(parameterTypes);
		args = List.copyOf(args);
	}

	String describe() {
		String simpleType = this.type.substring(Math.max(this.type.lastIndexOf('.'), this.type.lastIndexOf('$')) + 1);
		return simpleType + "." + this.method + "(" + String.join(", ", this.parameterTypes) + ")";
	}

}
