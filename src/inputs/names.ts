/**
 * Pure: GitHub's rules for the names the inputs carry: secret and variable names, owner/name
 * repositories, logins (docs/platform-facts.md, "Secrets: names and limits").
 */
import type { RepoRef } from '../github/destination.js';

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/** What is wrong with a secret or variable name, or undefined when GitHub accepts it. */
export function secretNameProblem(name: string): string | undefined {
  if (!SECRET_NAME.test(name)) {
    return (
      `must contain only letters, digits and _, and must not start with a digit; got ` +
      `"${name}". Example: INSTAGRAM_ACCESS_TOKEN`
    );
  }
  if (/^GITHUB_/i.test(name)) {
    return `must not start with GITHUB_ (GitHub reserves that prefix); got "${name}"`;
  }
  return undefined;
}

export function parseRepo(value: string): RepoRef | undefined {
  const [owner, repo, ...rest] = value.split('/');
  if (rest.length > 0 || !owner || !repo || !OWNER.test(owner) || !REPO_NAME.test(repo)) {
    return undefined;
  }
  if (repo === '.' || repo === '..') return undefined;
  return { owner, repo };
}

export function isLogin(value: string): boolean {
  return LOGIN.test(value);
}
