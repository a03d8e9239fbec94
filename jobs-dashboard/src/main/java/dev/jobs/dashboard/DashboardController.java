package dev.jobs.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.jobs.dashboard.DashboardViews.AccessView;
import dev.jobs.dashboard.DashboardViews.ActionResult;
import dev.jobs.dashboard.DashboardViews.CronView;
import dev.jobs.dashboard.DashboardViews.JobPage;
import dev.jobs.dashboard.DashboardViews.JobView;
import dev.jobs.dashboard.DashboardViews.MatchCount;
import dev.jobs.dashboard.DashboardViews.Overview;
import dev.jobs.store.JobFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's page, assets and JSON API, under {@code jobs.dashboard.path}. Every URL
 * the page uses is relative to it, so the dashboard works under a context path and behind
 * a reverse proxy that maps it elsewhere. Actions are POSTs that need the access this
 * application grants ({@link DashboardAccess}) and a custom header, which a cross-site
 * form cannot send: a second guard beside Spring Security's CSRF token.
 */
@RestController
@RequestMapping("${jobs.dashboard.path:/jobs}")
public class DashboardController {

	/** The header every action carries. */
	public static final String ACTION_HEADER = "X-Jobs-Dashboard";

	private static final String ASSETS = "META-INF/jobs-dashboard/";

	private static final Map<String, MediaType> ASSET_TYPES = Map.of("app.js",
			MediaType.parseMediaType("text/javascript;charset=UTF-8"), "app.css",
			MediaType.parseMediaType("text/css;charset=UTF-8"));

	/** Largest page of the job list. */
	static final int MAX_LIMIT = 200;

	private final DashboardQueries queries;

	private final DashboardActions actions;

	private final DashboardAccess access;

	private final DashboardProperties properties;

	public DashboardController(DashboardQueries queries, DashboardActions actions, DashboardAccess access,
			DashboardProperties properties) {
		this.queries = queries;
		this.actions = actions;
		this.access = access;
		this.properties = properties;
	}

	/**
	 * The dashboard's own path without its slash: on to the page, relative so that a
	 * proxy's prefix stays.
	 */
	@GetMapping
	ResponseEntity<Void> withoutSlash() {
		String path = this.properties.getPath();
		String last = path.substring(path.lastIndexOf('/') + 1);
		return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, last + "/").build();
	}

	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<byte[]> page() throws IOException {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache())
			.header("Content-Security-Policy",
					"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
							+ "frame-ancestors 'self'")
			.contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
			.body(read("index.html"));
	}

	@GetMapping("/assets/{name}")
	ResponseEntity<byte[]> asset(@PathVariable String name) throws IOException {
		MediaType type = ASSET_TYPES.get(name);
		if (type == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(type).body(read(name));
	}

	private static byte[] read(String name) throws IOException {
		try (InputStream in = new ClassPathResource(ASSETS + name, DashboardController.class.getClassLoader())
			.getInputStream()) {
			return StreamUtils.copyToByteArray(in);
		}
	}

	@GetMapping("/api/overview")
	Overview overview(HttpServletRequest request) {
		return this.queries.overview(access(request));
	}

	/**
	 * Whether this user may run actions, and the CSRF token to send with them.
	 */
	@GetMapping("/api/session")
	Map<String, Object> session(HttpServletRequest request) {
		AccessView access = access(request);
		Object token = request.getAttribute("_csrf");
		Map<String, String> csrf = CsrfTokens.of(token);
		return Map.of("actions", access.actions(), "reason", access.reason(), "csrf", csrf, "actionHeader",
				ACTION_HEADER);
	}

	@GetMapping("/api/jobs")
	JobPage jobs(@RequestParam(required = false) @Nullable String queue,
			@RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String kind,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String tag,
			@RequestParam(required = false) @Nullable Long before, @RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", but was " + limit);
		}
		return this.queries.jobs(JobFilterParams.parse(queue, state, kind, from, to, q, tag), before, limit);
	}

	@GetMapping("/api/jobs/count")
	MatchCount count(@RequestParam(required = false) @Nullable String queue,
			@RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String kind,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String tag) {
		return this.queries.count(JobFilterParams.parse(queue, state, kind, from, to, q, tag));
	}

	@GetMapping("/api/jobs/{id}")
	ResponseEntity<JobView> job(@PathVariable long id) {
		JobView job = this.queries.job(id);
		return (job != null) ? ResponseEntity.ok(job) : ResponseEntity.notFound().build();
	}

	@GetMapping("/api/limits")
	LimitsView limits() {
		return this.queries.limits();
	}

	@GetMapping("/api/cron")
	List<CronView> cron() {
		return this.queries.cron();
	}

	@PostMapping("/api/jobs/{id}/{action}")
	ResponseEntity<ActionResult> jobAction(@PathVariable long id, @PathVariable String action,
			HttpServletRequest request) {
		requireAction(request);
		ActionResult result = this.actions.job(id, action);
		return (result != null) ? ResponseEntity.ok(result)
				: ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ActionResult(0, "No job " + id));
	}

	/**
	 * Retry, cancel or delete chosen jobs ({@code ids}), or every job that matches the
	 * filter up to {@code upToId} ({@code filter}, as in the list's parameters).
	 */
	@PostMapping("/api/jobs/bulk")
	ActionResult bulk(@RequestBody BulkRequest body, HttpServletRequest request) {
		requireAction(request);
		if (body.action() == null) {
			throw new IllegalArgumentException("Name the action: \"action\": \"retry\", \"cancel\" or \"delete\"");
		}
		if (body.ids() != null && !body.ids().isEmpty()) {
			return this.actions.bulk(body.action(), body.ids());
		}
		if (body.filter() == null || body.upToId() == null) {
			throw new IllegalArgumentException("Name the jobs: \"ids\": [...], or \"filter\": {...} with \"upToId\" "
					+ "(the newest job of the count shown)");
		}
		Map<String, String> filter = body.filter();
		JobFilter parsed = JobFilterParams.parse(filter.get("queue"), filter.get("state"), filter.get("kind"),
				filter.get("from"), filter.get("to"), filter.get("q"), filter.get("tag"));
		return this.actions.bulk(body.action(), parsed, body.upToId());
	}

	@PostMapping("/api/queues/{queue}/{action}")
	ActionResult queueAction(@PathVariable String queue, @PathVariable String action, HttpServletRequest request) {
		requireAction(request);
		return this.actions.queue(queue, action);
	}

	private AccessView access(HttpServletRequest request) {
		DashboardAccess.Decision decision = this.access.decide(request);
		return new AccessView(decision.allowed(), decision.reason());
	}

	private void requireAction(HttpServletRequest request) {
		DashboardAccess.Decision decision = this.access.decide(request);
		if (!decision.allowed()) {
			throw new ActionRefused(decision.reason());
		}
		if (request.getHeader(ACTION_HEADER) == null) {
			throw new ActionRefused("Actions must carry the " + ACTION_HEADER + " header, as the dashboard's page "
					+ "sends it: a cross-site form cannot");
		}
	}

	@ExceptionHandler(ActionRefused.class)
	ResponseEntity<Map<String, String>> refused(ActionRefused ex) {
		return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(ex.getMessage())));
	}

	/**
	 * A bulk action's body.
	 *
	 * @param action retry, cancel or delete
	 * @param ids the chosen jobs, or empty
	 * @param filter the filter's parameters, for all that match
	 * @param upToId the newest job of all that match
	 */
	record BulkRequest(@Nullable String action, @Nullable Set<Long> ids, @Nullable Map<String, String> filter,
			@Nullable Long upToId) {

	}

	/**
	 * An action this request may not run.
	 */
	static final class ActionRefused extends RuntimeException {

		ActionRefused(String message) {
			super(message);
		}

	}

}
