// The jobs dashboard. Every URL is relative to the page, so it works under any context
// path or proxy prefix. Every job value is rendered with textContent, never as HTML.
'use strict';

const STATES_FALLBACK = ['available', 'executing', 'completed', 'retryable', 'discarded', 'cancelled', 'scheduled'];
const state = {
  session: { actions: false, reason: '', csrf: {}, actionHeader: 'X-Jobs-Dashboard' },
  overview: null,
  refreshMillis: 2000,
  timer: null,
  depth: [],
  selected: new Set(),
  matching: null,
  render: null
};

// ---- DOM helpers: text only --------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  for (const child of children.flat(Infinity)) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function show(...nodes) {
  document.getElementById('main').replaceChildren(...nodes.flat(Infinity).filter((node) => node));
}

function message(text, isError) {
  const box = document.getElementById('message');
  box.textContent = text;
  box.classList.toggle('error', !!isError);
  box.hidden = !text;
}

const number = new Intl.NumberFormat();
function count(value, atLeast) {
  return number.format(value) + (atLeast ? '+' : '');
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

function age(seconds) {
  if (seconds < 60) return seconds + ' s';
  if (seconds < 3600) return Math.floor(seconds / 60) + ' min';
  if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
  return Math.floor(seconds / 86400) + ' d';
}

function millis(ms) {
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
}

function badge(text, cls) {
  return el('span', { class: 'badge ' + (cls || '') }, text);
}

function table(id, headers, rows) {
  return el('div', { class: 'scroll' }, el('table', { id },
    el('thead', {}, el('tr', {}, headers.map((h) => typeof h === 'string' ? el('th', {}, h) : h))),
    el('tbody', {}, rows)));
}

// ---- API -----------------------------------------------------------------------------

async function api(path, options) {
  const response = await fetch('api/' + path, Object.assign({ credentials: 'same-origin' }, options || {}));
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (!response.ok) {
    const reason = body && (body.error || body.message) ? (body.error || body.message) : response.status + ' ' + response.statusText;
    throw new Error(reason);
  }
  return body;
}

async function act(path, body) {
  const headers = { 'Content-Type': 'application/json' };
  headers[state.session.actionHeader] = 'action';
  if (state.session.csrf && state.session.csrf.header) headers[state.session.csrf.header] = state.session.csrf.token;
  return api(path, { method: 'POST', headers, body: JSON.stringify(body || {}) });
}

function confirmAction(text) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

async function runAction(text, path, body) {
  if (!(await confirmAction(text))) return;
  try {
    const result = await act(path, body);
    message(result.message, false);
  } catch (e) {
    message(e.message, true);
  }
  state.selected.clear();
  state.matching = null;
  refresh();
}

function actionButton(label, id, onclick, danger) {
  return el('button', { id, class: danger ? 'danger' : '', disabled: !state.session.actions,
    title: state.session.actions ? null : state.session.reason, onclick }, label);
}

// ---- Routing: the hash holds the page and its filters ---------------------------------

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  return { path, params: new URLSearchParams(query || '') };
}

function go(path, params) {
  const query = params ? params.toString() : '';
  location.hash = '#' + path + (query ? '?' + query : '');
}

// A refresh never pulls the page from under the user: not while a dialog is open or a
// filter is being typed.
function busy() {
  const active = document.activeElement;
  return document.getElementById('confirm').open || (active && active.closest && active.closest('form.filters'));
}

async function tick() {
  if (busy()) schedule(); else refresh();
}

async function refresh() {
  clearTimeout(state.timer);
  const { path, params } = route();
  document.querySelectorAll('nav a').forEach((a) => {
    const page = a.dataset.page;
    a.classList.toggle('current', path === '/' ? page === 'overview' : path.startsWith('/' + page.replace(/s$/, '')));
  });
  try {
    if (path === '/') await overviewPage();
    else if (path === '/jobs') await jobsPage(params);
    else if (path.startsWith('/job/')) await jobPage(path.slice(5));
    else if (path === '/queues') await queuesPage();
    else if (path === '/cron') await cronPage();
    else show(el('p', {}, 'No such page: ', path));
  } catch (e) {
    message(e.message, true);
  }
  schedule();
}

// Refresh only while the tab is visible: a hidden tab costs the server nothing.
function schedule() {
  clearTimeout(state.timer);
  const live = document.getElementById('live');
  if (document.visibilityState === 'hidden') {
    live.textContent = 'paused while hidden';
    live.classList.add('paused');
    return;
  }
  live.textContent = 'live';
  live.classList.remove('paused');
  state.timer = setTimeout(tick, state.refreshMillis);
}

// ---- Overview ------------------------------------------------------------------------

async function overviewPage() {
  const [overview, limits] = await Promise.all([api('overview'), api('limits')]);
  state.overview = overview;
  state.refreshMillis = overview.refreshMillis || state.refreshMillis;
  const waiting = overview.queues.reduce((sum, q) => sum + q.counts.available + q.counts.scheduled + q.counts.retryable, 0);
  state.depth.push({ at: new Date(overview.now).getTime(), value: waiting });
  state.depth = state.depth.filter((d) => d.at > new Date(overview.now).getTime() - 3600000);
  const states = overview.states || STATES_FALLBACK;
  const capped = overview.queues.some((q) => q.atLeast.length > 0);
  show(
    el('h1', {}, 'Overview'),
    queueTable(overview, states),
    capped ? el('p', { class: 'muted', id: 'capped-note' }, 'Counts shown with + stop at ',
      number.format(overview.countLimit), ' jobs (jobs.dashboard.count-limit): there are at least that many.') : null,
    el('h2', {}, 'Last hour'),
    chart(overview.minutes, state.depth),
    el('div', { class: 'legend' }, el('span', { class: 'completed' }, 'completed / min'),
      el('span', { class: 'failed' }, 'failed / min'),
      el('span', { class: 'depth' }, 'waiting (sampled while this page is open)')),
    el('h2', {}, 'Cluster'),
    nodeTable(overview.nodes),
    limitsPanel(limits));
}

const LIMIT_TYPES = {
  'concurrency': 'running at once',
  'concurrency-per-key': 'running at once, per key',
  'rate': 'started per period',
  'rate-per-key': 'started per period, per key'
};

// The cluster-wide limits this node claims under: in use / max, and the jobs that wait.
function limitsPanel(limits) {
  const section = el('section', { id: 'limits-panel' }, el('h2', {}, 'Limits'));
  if (!limits.worker) {
    section.append(el('p', { class: 'muted' }, 'Limits are configuration of the nodes that run jobs; this node runs none.'));
    return section;
  }
  if (limits.nodeConcurrency > 0) {
    section.append(el('p', { id: 'node-cap' }, 'This node: ', number.format(limits.nodeInUse), ' / ',
      number.format(limits.nodeConcurrency), ' jobs running (node-wide cap)'));
  }
  if (limits.limits.length === 0) {
    section.append(el('p', { class: 'muted' }, 'No cluster-wide limits on this node.'));
    return section;
  }
  const rows = limits.limits.map((l) => el('tr', { 'data-kind': l.kind, 'data-limit': l.type, class: l.inUse >= l.max ? 'full' : null },
    el('td', {}, el('a', { href: '#/jobs?' + new URLSearchParams({ kind: l.kind }) }, l.kind)),
    el('td', {}, LIMIT_TYPES[l.type] || l.type),
    el('td', { class: 'num in-use' }, number.format(l.inUse) + ' / ' + number.format(l.max)),
    el('td', { class: 'num waiting' }, number.format(l.waiting))));
  section.append(table('limits', ['Kind', 'Limit', el('th', { class: 'num' }, 'in use / max'),
    el('th', { class: 'num' }, 'waiting')], rows));
  section.append(el('p', { class: 'muted' }, 'Per-key limits show the busiest key; waiting counts the available jobs the limit may hold back.'));
  return section;
}

function queueTable(overview, states) {
  const headers = ['Queue'].concat(states.map((s) => el('th', { class: 'num' }, s)),
    [el('th', { class: 'num' }, 'lag'), el('th', { class: 'num' }, 'done/min'), el('th', { class: 'num' }, 'failed/min'), 'this node']);
  const rows = overview.queues.map((q) => el('tr', { 'data-queue': q.name },
    el('td', {}, el('a', { href: '#/jobs?' + new URLSearchParams({ queue: q.name }) }, q.name), ' ',
      q.paused ? badge('paused', 'paused-badge') : null),
    states.map((s) => el('td', { class: 'num', 'data-state': s },
      el('a', { href: '#/jobs?' + new URLSearchParams({ queue: q.name, state: s }) }, count(q.counts[s] || 0, q.atLeast.includes(s))))),
    el('td', { class: 'num' }, q.counts.available ? age(q.lagSeconds) : '—'),
    el('td', { class: 'num' }, number.format(q.completedLastMinute)),
    el('td', { class: 'num' }, number.format(q.failedLastMinute)),
    el('td', {}, q.concurrency === null ? '—' : q.runningHere + ' / ' + q.concurrency)));
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: states.length + 5, class: 'muted' }, 'No queues have jobs yet.')));
  return table('queues', headers, rows);
}

function nodeTable(nodes) {
  const rows = nodes.map((n) => el('tr', { 'data-node': n.id },
    el('td', {}, n.id, ' ', n.leader ? badge('leader', 'leader') : null, n.self ? badge('this node') : null),
    el('td', { class: 'num' }, age(n.heartbeatAgeSeconds)),
    el('td', {}, Object.keys(n.executing).length === 0 ? 'idle'
      : Object.entries(n.executing).map(([queue, jobs]) => queue + ': ' + jobs).join(', '))));
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: 3, class: 'muted' }, 'No node heartbeats.')));
  return table('nodes', ['Node', el('th', { class: 'num' }, 'heartbeat'), 'running'], rows);
}

// A small line chart: minutes on x, jobs per minute on y; the depth has its own scale.
function chart(minutes, depth) {
  const width = 720, height = 180, left = 36, right = 36, top = 10, bottom = 22;
  const plotW = width - left - right, plotH = height - top - bottom;
  const start = minutes.length ? new Date(minutes[0].minute).getTime() : Date.now() - 3600000;
  const end = start + 3600000;
  const x = (t) => left + ((t - start) / (end - start)) * plotW;
  const maxRate = Math.max(4, ...minutes.map((m) => Math.max(m.completed, m.failed)));
  const maxDepth = Math.max(4, ...depth.map((d) => d.value));
  const y = (v, max) => top + plotH - (v / max) * plotH;
  const line = (points, cls) => points.length ? svg('polyline', { class: cls, points: points.join(' ') }) : null;
  const rate = (key) => minutes.map((m) => x(new Date(m.minute).getTime() + 30000).toFixed(1) + ',' + y(m[key], maxRate).toFixed(1));
  const nodes = [];
  for (let i = 0; i <= 4; i++) {
    const gy = top + (plotH * i) / 4;
    nodes.push(svg('line', { class: 'grid', x1: left, x2: width - right, y1: gy, y2: gy }));
    nodes.push(svg('text', { x: left - 4, y: gy + 3, 'text-anchor': 'end' }, Math.round(maxRate * (4 - i) / 4)));
    nodes.push(svg('text', { x: width - right + 4, y: gy + 3 }, Math.round(maxDepth * (4 - i) / 4)));
  }
  for (let m = 0; m <= 60; m += 15) {
    const t = start + m * 60000;
    nodes.push(svg('text', { x: x(t), y: height - 6, 'text-anchor': 'middle' },
      new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
  }
  return svg('svg', { class: 'chart', id: 'chart', viewBox: '0 0 ' + width + ' ' + height, preserveAspectRatio: 'none',
    role: 'img', 'aria-label': 'Completed and failed jobs per minute over the last hour' },
  nodes, line(rate('completed'), 'completed'), line(rate('failed'), 'failed'),
  line(depth.filter((d) => d.at >= start).map((d) => x(d.at).toFixed(1) + ',' + y(d.value, maxDepth).toFixed(1)), 'depth'));
}

// ---- Jobs ----------------------------------------------------------------------------

const FILTERS = ['queue', 'state', 'kind', 'tag', 'from', 'to', 'q'];

function filterParams(params) {
  const filter = new URLSearchParams();
  for (const name of FILTERS) if (params.get(name)) filter.set(name, params.get(name));
  return filter;
}

function localInput(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

async function jobsPage(params) {
  const filter = filterParams(params);
  const query = new URLSearchParams(filter);
  if (params.get('before')) query.set('before', params.get('before'));
  const page = await api('jobs?' + query);
  const states = (state.overview && state.overview.states) || STATES_FALLBACK;
  const form = el('form', { class: 'filters', id: 'filters', onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      let value = (data.get(name) || '').trim();
      if (value && (name === 'from' || name === 'to')) value = new Date(value).toISOString();
      if (value) next.set(name, value);
    }
    state.selected.clear();
    state.matching = null;
    go('/jobs', next);
  } },
  el('label', {}, 'Queue', el('input', { name: 'queue', value: filter.get('queue') || '', size: 10 })),
  el('label', {}, 'State', el('select', { name: 'state' }, el('option', { value: '' }, 'any'),
    states.map((s) => el('option', { value: s, selected: filter.get('state') === s }, s)))),
  el('label', {}, 'Kind', el('input', { name: 'kind', value: filter.get('kind') || '', size: 12 })),
  el('label', {}, 'Tag', el('input', { name: 'tag', value: filter.get('tag') || '', size: 12, placeholder: 'tenant:42' })),
  el('label', {}, 'Enqueued from', el('input', { name: 'from', type: 'datetime-local', value: localInput(filter.get('from')) })),
  el('label', {}, 'to', el('input', { name: 'to', type: 'datetime-local', value: localInput(filter.get('to')) })),
  el('label', {}, 'Text or id', el('input', { name: 'q', type: 'search', value: filter.get('q') || '', placeholder: 'args, errors, id' })),
  el('button', { id: 'apply', type: 'submit' }, 'Filter'),
  el('a', { href: '#/jobs' }, 'clear'));

  const pageBox = el('input', { type: 'checkbox', id: 'select-page', title: 'Select this page',
    checked: page.jobs.length > 0 && page.jobs.every((j) => state.selected.has(j.id)),
    onchange: (event) => {
      page.jobs.forEach((j) => event.target.checked ? state.selected.add(j.id) : state.selected.delete(j.id));
      state.matching = null;
      refreshSelection();
    } });
  const rows = page.jobs.map((job) => el('tr', { 'data-id': job.id },
    el('td', {}, el('input', { type: 'checkbox', class: 'select', 'aria-label': 'Select job ' + job.id,
      checked: state.selected.has(job.id), onchange: (event) => {
        event.target.checked ? state.selected.add(job.id) : state.selected.delete(job.id);
        state.matching = null;
        refreshSelection();
      } })),
    el('td', {}, el('a', { href: '#/job/' + job.id }, '#' + job.id)),
    el('td', {}, job.kind),
    el('td', {}, job.queue),
    el('td', {}, el('span', { class: 'state-' + job.state }, job.state)),
    el('td', { class: 'num' }, job.attempt + '/' + job.maxAttempts),
    el('td', { class: 'hide-small' }, time(job.insertedAt)),
    el('td', { class: 'args hide-small', title: job.args }, job.args)));
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: 8, class: 'muted' }, 'No jobs match.')));
  const older = new URLSearchParams(filter);
  if (page.nextBefore) older.set('before', page.nextBefore);
  show(el('h1', {}, 'Jobs'), form,
    el('div', { class: 'toolbar' },
      el('span', { id: 'selection-info' }),
      el('button', { id: 'select-matching', type: 'button', onclick: selectMatching }, 'Select all that match'),
      actionButton('Retry', 'retry-selected', () => bulk('retry', filter)),
      actionButton('Cancel', 'cancel-selected', () => bulk('cancel', filter), true),
      actionButton('Delete', 'delete-selected', () => bulk('delete', filter), true)),
    table('jobs', [el('th', {}, pageBox), 'Id', 'Kind', 'Queue', 'State', el('th', { class: 'num' }, 'Attempt'),
      el('th', { class: 'hide-small' }, 'Enqueued'), el('th', { class: 'hide-small' }, 'Args')], rows),
    el('div', { class: 'toolbar' },
      params.get('before') ? el('a', { href: '#/jobs?' + filter, id: 'newest' }, '« newest') : null,
      page.nextBefore ? el('a', { href: '#/jobs?' + older, id: 'older' }, 'older »') : null));
  refreshSelection();
}

function refreshSelection() {
  const info = document.getElementById('selection-info');
  if (!info) return;
  if (state.matching) {
    info.textContent = 'All ' + count(state.matching.count, state.matching.atLeast) + ' matching jobs selected'
      + (state.matching.atLeast ? ' (counting stopped at the limit; the action takes every match)' : '');
  } else {
    info.textContent = state.selected.size ? state.selected.size + ' selected' : 'None selected';
  }
  const any = state.matching ? state.matching.count > 0 : state.selected.size > 0;
  for (const id of ['retry-selected', 'cancel-selected', 'delete-selected']) {
    document.getElementById(id).disabled = !state.session.actions || !any;
  }
}

async function selectMatching() {
  const filter = filterParams(route().params);
  try {
    state.matching = await api('jobs/count?' + filter);
    state.matching.filter = Object.fromEntries(filter);
    refreshSelection();
  } catch (e) {
    message(e.message, true);
  }
}

function bulk(action, filter) {
  if (state.matching) {
    const m = state.matching;
    runAction(action[0].toUpperCase() + action.slice(1) + ' all ' + count(m.count, m.atLeast) + ' jobs that match '
      + (filter.toString() || 'no filter (every job)') + '?', 'jobs/bulk', { action, filter: m.filter, upToId: m.upToId });
  } else {
    const ids = Array.from(state.selected);
    runAction(action[0].toUpperCase() + action.slice(1) + ' ' + ids.length + ' selected job(s)?', 'jobs/bulk', { action, ids });
  }
}

// ---- One job ---------------------------------------------------------------------------

async function jobPage(id) {
  let job;
  try {
    job = await api('jobs/' + encodeURIComponent(id));
  } catch (e) {
    show(el('h1', {}, 'Job #', id), el('p', {}, 'No such job (deleted or pruned?)'));
    return;
  }
  // A refresh keeps the errors the user unfolded.
  const unfolded = new Set(Array.from(document.querySelectorAll('#job-errors details[open]')).map((d) => d.dataset.attempt));
  let args = job.args;
  try { args = JSON.stringify(JSON.parse(job.args), null, 2); } catch (e) { /* shown as stored */ }
  // Each entry with its time: the timeline reads in time order (a retry's "scheduled for"
  // comes after the attempt that failed).
  const events = [[job.insertedAt, el('li', {}, 'Enqueued ', time(job.insertedAt))],
    [job.scheduledAt, el('li', {}, 'Scheduled for ', time(job.scheduledAt))]];
  for (const a of job.attempts) {
    const cls = a.outcome === 'completed' ? 'ok' : (a.outcome === 'running' || a.outcome === 'handed back' ? '' : 'bad');
    events.push([a.startedAt || a.endedAt, el('li', { class: cls, 'data-attempt': a.attempt },
      'Attempt ', a.attempt, a.node ? ' on ' + a.node : '', a.startedAt ? ', started ' + time(a.startedAt) : '',
      a.durationMillis != null ? ', ' + millis(a.durationMillis) : '', ': ', el('b', {}, a.outcome),
      a.error ? ' · ' + a.error : '')]);
  }
  // Errors no attempt caused (a failed dependency cancelled the job) are events of their own.
  for (const error of job.errors.filter((e) => e.attempt === 0)) {
    events.push([error.at, el('li', { class: 'bad' }, time(error.at), ': ', error.error)]);
  }
  if (job.finishedAt) events.push([job.finishedAt, el('li', {}, 'Finished ', job.state, ' ', time(job.finishedAt))]);
  const timeline = events.map(([at, item], i) => [at ? new Date(at).getTime() : Infinity, i, item])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, , item]) => item);
  const facts = [['State', el('span', { id: 'job-state', class: 'state-' + job.state }, job.state)],
    ['Kind', job.kind], ['Queue', job.queue], ['Priority', job.priority],
    ['Attempts', job.attempt + ' of ' + job.maxAttempts + ' (' + job.attemptsLeft + ' left)'],
    ['Unique key', job.uniqueKey || '—'], ['Timeout', job.timeout || '—'],
    ['Last node', job.attemptedBy || '—'], ['Finished', time(job.finishedAt)],
    ['Cancel asked', job.cancelRequested ? 'yes' : 'no'],
    // Each tag leads to the jobs that carry it: a failed job's siblings.
    ['Tags', job.tags.length ? job.tags.map((tag, i) => [i ? ', ' : '',
      el('a', { class: 'tag', href: '#/jobs?' + new URLSearchParams({ tag }) }, tag)]) : '—'], ['Limit key', job.limitKey || '—'],
    ['Workflow', job.workflowId ? '#' + job.workflowId + (job.step ? ', step ' + job.step : '') : '—']];
  if (job.progress) {
    const p = job.progress;
    facts.push(['Progress', p.total ? p.done + ' of ' + p.total
      : (p.fraction !== null && p.fraction !== undefined ? Math.round(p.fraction * 100) + '%' : '—')]);
  }
  let result = job.result;
  try { result = result === null ? null : JSON.stringify(JSON.parse(result), null, 2); } catch (e) { /* as stored */ }
  const jobAction = (action) => runAction(action[0].toUpperCase() + action.slice(1) + ' job #' + job.id + '?',
    'jobs/' + job.id + '/' + action);
  show(el('h1', {}, 'Job #' + job.id + ' ', el('span', { class: 'muted' }, job.kind)),
    el('div', { class: 'toolbar' },
      actionButton('Retry', 'job-retry', () => jobAction('retry')),
      actionButton('Cancel', 'job-cancel', () => jobAction('cancel'), true),
      actionButton('Delete', 'job-delete', () => jobAction('delete'), true),
      el('a', { href: '#/jobs?' + new URLSearchParams({ queue: job.queue }) }, 'queue ' + job.queue)),
    el('div', { class: 'cards' },
      el('div', { class: 'card' }, el('dl', {}, facts.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]))),
      el('div', { class: 'card' }, el('h2', {}, 'Timeline'), el('ol', { class: 'timeline', id: 'job-timeline' }, timeline))),
    el('h2', {}, 'Args'), el('pre', { id: 'job-args' }, args),
    result === null ? [] : [el('h2', {}, 'Result'), el('pre', { id: 'job-result' }, result)],
    job.progress && job.progress.log.length ? [el('h2', {}, 'Log'), el('pre', { id: 'job-log' }, job.progress.log.join('\n'))] : [],
    el('h2', {}, 'Errors'),
    el('div', { id: 'job-errors' }, job.errors.length === 0 ? el('p', { class: 'muted' }, 'None.')
      : job.errors.slice().reverse().map((error) => el('details', { 'data-attempt': error.attempt, open: unfolded.has(String(error.attempt)) },
        el('summary', {}, 'Attempt ' + error.attempt + (error.node ? ' on ' + error.node : '') + ' · ' + time(error.at) + ' · ', el('span', { class: 'error-text' }, error.error)),
        el('pre', {}, error.trace || error.error)))));
}

// ---- Queues and cron -------------------------------------------------------------------

async function queuesPage() {
  const overview = await api('overview');
  state.overview = overview;
  const rows = overview.queues.map((q) => el('tr', { 'data-queue': q.name },
    el('td', {}, el('a', { href: '#/jobs?' + new URLSearchParams({ queue: q.name }) }, q.name)),
    el('td', { class: 'paused-cell' }, q.paused ? badge('paused', 'paused-badge') : 'running'),
    el('td', { class: 'num' }, count(q.counts.available + q.counts.scheduled + q.counts.retryable, q.atLeast.length > 0)),
    el('td', { class: 'num' }, number.format(q.running)),
    el('td', {},
      q.paused ? actionButton('Resume', null, () => runAction('Resume queue ' + q.name + '?', 'queues/' + encodeURIComponent(q.name) + '/resume'))
        : actionButton('Pause', null, () => runAction('Pause queue ' + q.name + '? Running jobs finish; no node claims more.', 'queues/' + encodeURIComponent(q.name) + '/pause')),
      ' ',
      actionButton('Clear waiting', null, () => runAction('Delete every waiting job (available, scheduled, retryable) of queue ' + q.name + '?', 'queues/' + encodeURIComponent(q.name) + '/clear'), true))));
  rows.forEach((row) => {
    const buttons = row.querySelectorAll('button');
    buttons[0].classList.add(buttons[0].textContent === 'Pause' ? 'pause' : 'resume');
    buttons[1].classList.add('clear');
  });
  show(el('h1', {}, 'Queues'),
    table('queue-actions', ['Queue', 'State', el('th', { class: 'num' }, 'waiting'), el('th', { class: 'num' }, 'running'), 'Actions'], rows));
}

async function cronPage() {
  const entries = await api('cron');
  const rows = entries.map((c) => el('tr', { 'data-cron': c.name },
    el('td', {}, c.name), el('td', {}, c.kind), el('td', {}, c.queue || 'default'), el('td', {}, c.schedule),
    el('td', {}, time(c.lastTick)), el('td', {}, time(c.nextTick))));
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No cron entries on this node.')));
  show(el('h1', {}, 'Cron'), table('cron', ['Entry', 'Kind', 'Queue', 'Schedule', 'Last tick', 'Next tick'], rows));
}

// ---- Start -----------------------------------------------------------------------------

async function start() {
  try {
    state.session = await api('session');
  } catch (e) {
    message(e.message, true);
  }
  const note = document.getElementById('access-note');
  note.textContent = state.session.actions ? '' : state.session.reason;
  note.hidden = state.session.actions;
  window.addEventListener('hashchange', () => { message(''); refresh(); });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') refresh(); else schedule();
  });
  refresh();
}

start();
