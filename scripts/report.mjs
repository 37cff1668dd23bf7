// @ts-check
// The readable report shared by `npm run demo` and `npm run try`: runs the bundled action once
// against the simulator and tells what it did in a few short lines: the requests as a short
// list, the annotations the summary does not repeat, the job summary (rendered for a terminal)
// and the outcome, with what changed in the simulated world. Every line goes through hide():
// no token is ever printed.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runAction } from '../simulator/index.js';

/** The widest line the report prints (a narrower terminal narrows it). */
export const MAX_WIDTH = 100;

/** Inputs that hold credentials: their values are never printed. */
export const SECRET_INPUTS = ['instagram-token', 'github-token', 'app-secret', 'issue-token'];

// Token shapes, hidden even when the report does not know the value (a safety net).
const TOKEN_SHAPES =
  /\b(?:IGAA|IGQV|EAA)[A-Za-z0-9_-]{20,}|\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Stops early, with a clear message, when the bundle is missing. */
export function requireBundle() {
  const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  if (existsSync(entry)) return;
  console.error('dist/index.js is missing: run `npm run bundle` first.');
  process.exit(1);
}

/**
 * Colour only for a terminal: never when piped, with NO_COLOR set (no-color.org) or TERM=dumb.
 * @param {{ isTTY?: boolean }} [stream]
 * @param {NodeJS.ProcessEnv} [env]
 */
export function createStyle(stream = process.stdout, env = process.env) {
  const on = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
  /** @param {string} open @param {string} close */
  const paint = (open, close) => (/** @type {string} */ text) =>
    on && text ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    on,
    bold: paint('1', '22'),
    dim: paint('2', '22'),
    red: paint('31', '39'),
    green: paint('32', '39'),
    yellow: paint('33', '39'),
    cyan: paint('36', '39'),
  };
}
/** @typedef {ReturnType<typeof createStyle>} Style */

/** The width to print at: the terminal's, at most MAX_WIDTH, at least 60. */
export function reportWidth(stream = process.stdout) {
  const columns = /** @type {{ columns?: number }} */ (stream).columns;
  return Math.max(60, Math.min(MAX_WIDTH, columns || MAX_WIDTH));
}

/**
 * Replaces every known secret, and anything shaped like a token, with ***.
 * @param {string} text
 * @param {string[]} secrets
 */
export function hide(text, secrets) {
  const known = secrets
    .filter((secret) => secret && secret.length >= 4)
    .reduce((out, secret) => out.split(secret).join('***'), text);
  return known.replace(TOKEN_SHAPES, '***');
}

/**
 * Columns a terminal gives the text: colour codes take none, variation selectors none, and
 * emoji and other symbols from U+2300 on (box drawing apart) two. Errs on the wide side.
 * @param {string} text
 */
export function widthOf(text) {
  let width = 0;
  for (const char of text.replace(ANSI, '')) {
    const code = /** @type {number} */ (char.codePointAt(0));
    if (code === 0xfe0f || code === 0x200d) continue;
    width += code >= 0x2300 && !(code >= 0x2500 && code <= 0x25ff) ? 2 : 1;
  }
  return width;
}

/**
 * Word-wraps one paragraph to `width` columns; a word longer than that (a URL) is cut.
 * @param {string} text
 * @param {number} width
 * @returns {string[]}
 */
export function wrap(text, width) {
  const lines = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (widthOf(word) > width) {
      if (line) lines.push(line);
      line = '';
      let cut = width;
      while (widthOf(word.slice(0, cut)) > width) cut -= 1;
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    if (!line) line = word;
    else if (widthOf(line) + 1 + widthOf(word) <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * A label column and wrapped values beside it: `label  value…` then indented continuations.
 * @param {string} label
 * @param {string} text
 * @param {{ indent: number, labelWidth: number, width: number, paint?: (s: string) => string }} layout
 */
export function labelled(label, text, layout) {
  const { indent, labelWidth, width } = layout;
  const paint = layout.paint ?? ((/** @type {string} */ s) => s);
  const pad = ' '.repeat(indent);
  const gap = ' '.repeat(Math.max(1, labelWidth - widthOf(label)));
  return wrap(text, width - indent - labelWidth).map((line, index) =>
    index === 0 ? `${pad}${paint(label)}${gap}${line}` : `${pad}${' '.repeat(labelWidth)}${line}`,
  );
}

/**
 * Markdown as a terminal shows it well: tables as aligned columns, links as `text (url)`,
 * emphasis and code marks dropped, HTML comments and escapes undone. The `###` title of the
 * action's summary is left out (the report labels the block).
 * @param {string} markdown
 * @param {number} width
 * @param {Style} style
 * @param {string[]} [only] the table rows to keep, by name (all when not given)
 * @returns {string[]}
 */
export function renderMarkdown(markdown, width, style, only) {
  /** @type {string[]} */
  const out = [];
  /** @type {[string, string][]} */
  let rows = [];
  const flush = () => {
    const labelWidth = Math.max(0, ...rows.map(([name]) => widthOf(name))) + 2;
    for (const [name, value] of rows) {
      out.push(...labelled(name, value, { indent: 0, labelWidth, width, paint: style.dim }));
    }
    rows = [];
  };
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (/^\|.*\|$/.test(line)) {
      const cells = splitRow(line).map(plainText);
      if (cells.every((cell) => /^:?-*:?$/.test(cell))) continue; // `| | |` and `|---|---|`
      if (!only || only.includes(cells[0])) rows.push([cells[0] ?? '', cells.slice(1).join('  ')]);
      continue;
    }
    flush();
    if (!line || /^<!--.*-->$/.test(line) || /^#{1,3} Instagram token refresh$/.test(line))
      continue;
    out.push(...wrap(plainText(line.replace(/^#+\s*/, '')), width));
  }
  flush();
  return out;
}

/** @param {string} line `| a | b \| c |` → ['a', 'b | c'] */
function splitRow(line) {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** @param {string} text one line of Markdown as plain text */
export function plainText(text) {
  return text
    .replace(/<!--.*?-->/g, '')
    .replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, (_, label, url) =>
      label === url ? url : `${label} (${url})`,
    )
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[\s(])[_*]([^_*\s][^_*]*?)[_*](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * @typedef {object} Scenario what seedScenario returns (or a copy with other inputs)
 * @property {string} scope
 * @property {Record<string, string>} inputs
 * @property {Record<string, string>} env
 */
/**
 * @typedef {object} Observation one run of the action and what it changed
 * @property {Awaited<ReturnType<typeof runAction>>} run
 * @property {Record<string, string>} inputs
 * @property {{ api: 'Meta' | 'GitHub', method: string, path: string, status?: number, at: number }[]} requests
 * @property {boolean} secretChanged
 * @property {boolean} variableChanged
 * @property {string[]} issueEvents e.g. "opened issue #1", "closed issue #1"
 * @property {string[]} secrets every credential value, for hide()
 */

/**
 * Runs the bundled action once over `scenario`'s inputs with `overrides` on top, and notes
 * what changed: the secret (opened with the simulator's own key), the expiry variable, issues.
 * @param {import('../simulator/index.js').Simulator} sim
 * @param {Scenario} scenario
 * @param {Record<string, string>} [overrides]
 * @returns {Promise<Observation>}
 */
export async function observe(sim, scenario, overrides = {}) {
  const inputs = { ...scenario.inputs, ...overrides };
  const secretName = inputs['secret-name'] || 'INSTAGRAM_ACCESS_TOKEN';
  const variableName = inputs['expiry-variable'] || `${secretName}_EXPIRES_AT`;
  const readSecret = () => sim.github.decryptSecret(scenario.scope, secretName);
  const readVariable = () => sim.github.getVariable(scenario.scope, variableName)?.value;
  const issuesNow = () =>
    sim.github.issues.map((issue) => ({
      number: issue.number,
      state: issue.state,
      comments: issue.comments.length,
    }));
  const secretBefore = readSecret();
  const variableBefore = readVariable();
  const issuesBefore = issuesNow();
  const graphFrom = sim.graph.requests.length;
  const githubFrom = sim.github.requests.length;

  const run = await runAction({ inputs, env: scenario.env });

  const secretAfter = readSecret();
  const requests = [
    ...sim.graph.requests
      .slice(graphFrom)
      .map((r) => ({ api: /** @type {const} */ ('Meta'), ...r })),
    ...sim.github.requests
      .slice(githubFrom)
      .map((r) => ({ api: /** @type {const} */ ('GitHub'), ...r })),
  ]
    .map(({ api, method, path, status, at }) => ({ api, method, path, status, at }))
    .sort((a, b) => a.at - b.at);
  const issueEvents = [];
  for (const issue of issuesNow()) {
    const before = issuesBefore.find((old) => old.number === issue.number);
    if (!before) issueEvents.push(`opened issue #${issue.number}`);
    else if (before.state === 'open' && issue.state === 'closed') {
      issueEvents.push(`closed issue #${issue.number}`);
    } else if (issue.comments > before.comments) {
      issueEvents.push(`commented on issue #${issue.number}`);
    }
  }
  const secrets = [
    ...SECRET_INPUTS.map((name) => inputs[name] ?? ''),
    secretBefore ?? '',
    secretAfter ?? '',
    ...Object.entries(run.outputs).flatMap(([name, value]) => (name === 'token' ? [value] : [])),
  ];
  return {
    run,
    inputs,
    requests,
    secretChanged: secretAfter !== secretBefore,
    variableChanged: readVariable() !== variableBefore,
    issueEvents,
    secrets,
  };
}

/**
 * The short name of a request: what it reads or writes, not its URL; its status only when it
 * is not a success.
 * @param {{ api: string, method: string, path: string, status?: number }} request
 */
export function requestWords({ api, method, path, status }) {
  const words = api === 'Meta' ? graphWords(path) : githubWords(method, path);
  if (status !== undefined && status >= 200 && status < 300) return words;
  return `${words} (${status ?? 'no answer'})`;
}

/** @param {string} method @param {string} path */
function githubWords(method, path) {
  /** @type {[RegExp, string][]} */
  const table = [
    [/\/secrets\/public-key$/, 'public key'],
    [/\/secrets\/[^/]+\/repositories$/, "secret's repositories"],
    [/\/organization-secrets$/, 'secret names (org)'],
    [/\/secrets$/, 'secret names'],
    [/\/environments(?:\/[^/]+)?$/, 'environments'],
    [/\/secrets\/[^/]+$/, 'secret'],
    [/\/variables(?:\/[^/]+)?$/, 'variable'],
    [/^\/repos\/[^/]+\/[^/]+\/issues$/, method === 'POST' ? 'issue' : 'issues'],
    [/\/issues\/\d+$/, `issue #${path.split('/').at(-1)}`],
    [/\/issues\/\d+\/comments$/, 'comment'],
    [/\/labels(?:\/[^/]+)?$/, 'label'],
    [/^\/repos\/[^/]+\/[^/]+$/, 'repository'],
    [/^\/orgs\/[^/]+$/, 'organization'],
    [/\/workflows\/[^/]+\/enable$/, 'enable workflow'],
    [/\/workflows\/[^/]+$/, 'workflow'],
  ];
  return table.find(([pattern]) => pattern.test(path))?.[1] ?? path;
}

/** @param {string} path */
function graphWords(path) {
  if (/\/refresh_access_token$/.test(path)) return 'refresh';
  if (/\/oauth\/access_token$/.test(path)) return 'exchange';
  if (/\/me$/.test(path)) return '/me';
  if (/\/debug_token$/.test(path)) return 'debug_token';
  return path;
}

/**
 * The requests in the order they were sent, one stretch per API, so the story reads: GitHub
 * first (can the write land?), then Meta, then GitHub again. Each is named by what it reads
 * or writes, its method where it changes (a stretch starts as GET), its status only when it
 * is not a success.
 * @param {Observation['requests']} requests
 */
export function requestList(requests) {
  /** @type {{ api: string, method: string, words: string[] }[]} */
  const groups = [];
  for (const request of requests) {
    const last = groups.at(-1);
    const words = requestWords(request);
    if (last && last.api === request.api) {
      last.words.push(last.method === request.method ? words : `${request.method} ${words}`);
      last.method = request.method;
    } else {
      const named = request.method === 'GET' ? words : `${request.method} ${words}`;
      groups.push({ api: request.api, method: request.method, words: [named] });
    }
  }
  return groups.map((group) => `${group.api}: ${group.words.join(', ')}`).join(' → ') || 'none';
}

/** @param {Observation} observed */
export function annotations(observed) {
  return observed.run.stdout
    .split('\n')
    .map((line) => /^::(error|warning|notice)(?: [^:]*)?::(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ kind: match[1], text: match[2].replace(/%0A/g, ' ').replace(/%25/g, '%') }));
}

/**
 * What the run came to, in a few words: "refreshed", "dry run", "skipped" or "failed", the
 * exit code, the annotation that repeats the summary, and what the simulator saw change.
 * @param {Observation} observed
 */
export function outcomeWords(observed) {
  const { run } = observed;
  const repeated = annotations(observed)
    .filter((note) => note.kind !== 'warning' && repeats(note.text, run.summary))
    .map((note) => ` with a${note.kind === 'error' ? 'n' : ''} ::${note.kind}::`);
  const exit = `exit ${run.code ?? 'none: timed out'}`;
  const parts = [`${resultStatus(observed)}, ${exit}${repeated.join('')}`];
  parts.push(observed.secretChanged ? 'secret updated' : 'secret unchanged');
  if (!observed.requests.some((r) => r.api === 'Meta')) parts.push('nothing sent to Meta');
  if (observed.variableChanged) parts.push('expiry recorded');
  parts.push(...observed.issueEvents);
  if (run.outputs.token) parts.push('token output masked');
  return parts.join('; ');
}

/** @param {Observation} observed @returns {string} */
export function resultStatus(observed) {
  if (observed.run.code !== 0) return 'failed';
  if (/^true$/i.test(observed.inputs['dry-run'] ?? '')) return 'dry run';
  try {
    return JSON.parse(observed.run.outputs.results ?? '[]')[0]?.status ?? 'done';
  } catch {
    return 'done';
  }
}

/**
 * The report of one run, as lines to print: its requests, the annotations the summary does not
 * repeat (a warning only by its first sentence when `brief`), the job summary (only the rows
 * named in `summaryRows`, when given) and the outcome.
 * @param {Observation} observed
 * @param {{ style: Style, width: number, summaryRows?: string[], brief?: boolean }} options
 */
export function formatRun(observed, { style, width, summaryRows, brief }) {
  const layout = { indent: 2, labelWidth: 9, width, paint: style.dim };
  const summaryText = observed.run.summary;
  /** @type {string[]} */
  const lines = [];
  lines.push(...labelled('requests', requestList(observed.requests), layout));
  for (const { kind, text } of annotations(observed)) {
    if (kind !== 'warning' && repeats(text, summaryText)) continue; // told in the outcome
    const paint = kind === 'error' ? style.red : style.yellow;
    const shown = brief ? firstSentence(text) : text;
    lines.push(...labelled(kind, shown, { ...layout, paint }));
  }
  const summary =
    summaryRows?.length === 0 ? [] : renderMarkdown(summaryText, width - 11, style, summaryRows);
  summary.forEach((line, index) =>
    lines.push(`  ${style.dim(index === 0 ? 'summary'.padEnd(9) : ' '.repeat(9))}${line}`),
  );
  lines.push(
    ...labelled('outcome', outcomeWords(observed), {
      ...layout,
      paint: observed.run.code === 0 ? style.green : style.red,
    }),
  );
  return lines.map((line) => hide(line, observed.secrets));
}

/** "Could not read X: GitHub refused …" → "Could not read X (…)" */
function firstSentence(/** @type {string} */ text) {
  const stop = text.search(/[:.]\s/);
  return stop > 0 && stop < text.length - 2 ? `${text.slice(0, stop)} (…)` : text;
}

/** Most of the annotation's words are in the summary too. */
function repeats(/** @type {string} */ text, /** @type {string} */ summary) {
  const words = text.toLowerCase().match(/[a-z0-9']{4,}/g) ?? [];
  const known = new Set(summary.toLowerCase().match(/[a-z0-9']{4,}/g) ?? []);
  return words.length > 12 && words.filter((word) => known.has(word)).length / words.length > 0.8;
}

/**
 * A table with a header row, a rule, and wrapped cells; the last column takes what is left.
 * @param {string[]} headers
 * @param {string[][]} rows
 * @param {number[]} widths every column's width but the last
 * @param {{ style: Style, width: number }} options
 */
export function formatTable(headers, rows, widths, { style, width }) {
  const gap = 2;
  const last = width - widths.reduce((sum, w) => sum + w + gap, 0);
  const all = [...widths, last];
  /** @param {string[]} cells @param {(s: string) => string} paint */
  const row = (cells, paint) => {
    const wrapped = cells.map((cell, i) => wrap(cell, all[i]));
    const height = Math.max(...wrapped.map((cell) => cell.length));
    return Array.from({ length: height }, (_, line) =>
      wrapped
        .map((cell, i) => {
          const text = cell[line] ?? '';
          return i === all.length - 1 ? text : text + ' '.repeat(all[i] - widthOf(text) + gap);
        })
        .join('')
        .trimEnd(),
    ).map(paint);
  };
  const rule = all.map((w, i) => '─'.repeat(i === all.length - 1 ? Math.min(w, 30) : w)).join('  ');
  return [
    ...row(headers, style.bold),
    style.dim(rule),
    ...rows.flatMap((cells) => row(cells, (s) => s)),
  ];
}
