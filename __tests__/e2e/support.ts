/** Shared by the end-to-end tests: the canary that no token leaks, and common set-up. */
import { randomBytes } from 'node:crypto';
import { expect } from '@jest/globals';

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/**
 * No token value anywhere a person or a log could read it: stdout and stderr (except the
 * runner's own ::add-mask:: lines), the summary, and every output but `token`.
 */
export function expectNoLeak(run: ActionRun, secrets: string[], extraTexts: string[] = []): void {
  const logs = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  const outputs = Object.entries(run.outputs)
    .filter(([name]) => name !== 'token')
    .map(([, value]) => value)
    .join('\n');
  for (const secret of secrets.filter(Boolean)) {
    const where = [
      ['logs', logs],
      ['summary', run.summary],
      ['outputs', outputs],
      ...extraTexts.map((text, index) => [`text #${index}`, text]),
    ];
    for (const [name, text] of where) {
      if (text.includes(secret)) {
        throw new Error(`a secret value leaked into ${name}`);
      }
    }
  }
  expect(logs).not.toMatch(/access_token=(?!\*)/);
  expect(logs).not.toMatch(/client_secret=(?!\*)/);
}

/** The error annotation(s) the action printed. */
export function errorLines(run: ActionRun): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith('::error'));
}

/** The warning annotation(s) the action printed. */
export function warnings(run: ActionRun): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith('::warning'));
}

/** A clean success that wrote a new token: no error, exit 0, `refreshed` true. */
export function expectSucceeded(run: ActionRun): void {
  expect(errorLines(run)).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs.refreshed).toBe('true');
}

/** The parts of the simulator the helpers below read (structural, so any Simulator fits). */
interface IssueLike {
  title: string;
  body: string;
  comments: { body: string }[];
}

/** Every title, body and comment of the fake's issues: the canary reads these too. */
export function issueTexts(github: { issues: IssueLike[] }): string[] {
  return github.issues.flatMap((issue) => [
    issue.title,
    issue.body,
    ...issue.comments.map((comment) => comment.body),
  ]);
}

/** A fresh account per test, so a summary that names it cannot pass by accident. */
export function uniqueAccount(): { username: string; name: string } {
  const tag = randomBytes(4).toString('hex');
  return { username: `acct_${tag}`, name: `Person ${tag}` };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** What an error or issue must say when only a new login fixes the token. */
export const REAUTHORIZE = /log in again|re-?authori[sz]e/i;

/** An ISO 8601 UTC time to the second, the form GitHub and the expiry variable use. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A base URL on 127.0.0.1 where nothing listens: a run that calls it fails loudly. */
export const DEAD_URL = 'http://127.0.0.1:9';
