/** Shared by the end-to-end tests: the canary that no token leaks, and common set-up. */
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
