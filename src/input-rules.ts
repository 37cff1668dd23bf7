/**
 * Pure rules for reading one input: each returns the parsed value or throws an InputError
 * that names the input and the rule. config.ts combines them into the Config.
 */
import { InputError } from './errors.js';
import type { InputName } from './input-names.js';

export type InputReader = (name: InputName) => string;

// An expression left unevaluated (a harness that copies action.yml's defaults verbatim, such as
// `${{ github.repository }}`) means "not given", so the input's own default applies.
const UNEVALUATED = /^\$\{\{[^}]*\}\}$/;

export function raw(read: InputReader, name: InputName): string {
  const value = read(name).trim();
  return UNEVALUATED.test(value) ? '' : value;
}

export function optional(read: InputReader, name: InputName): string | undefined {
  const value = raw(read, name);
  return value === '' ? undefined : value;
}

export function required(read: InputReader, name: InputName, hint: string): string {
  const value = raw(read, name);
  if (value === '') throw new InputError(name, `Input '${name}' is empty. ${hint}`);
  return value;
}

export function oneOf<T extends string>(
  read: InputReader,
  name: InputName,
  choices: readonly T[],
  fallback: T,
): T {
  const value = (optional(read, name) ?? fallback).toLowerCase();
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new InputError(
    name,
    `Input '${name}' must be one of ${choices.join(', ')}; got "${value}".`,
  );
}

// The same rule as core.getBooleanInput (YAML 1.2 core schema), with a default for an unset input.
export function boolean(read: InputReader, name: InputName, fallback: boolean): boolean {
  const value = optional(read, name);
  if (value === undefined) return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(name, `Input '${name}' must be true or false; got "${value}".`);
}

export function optionalNumber(
  read: InputReader,
  name: InputName,
  { integer }: { integer: boolean },
): number | undefined {
  const value = optional(read, name);
  if (value === undefined) return undefined;
  const pattern = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  if (!pattern.test(value)) {
    throw new InputError(
      name,
      `Input '${name}' must be a ${integer ? 'whole ' : ''}number of days, 0 or more; got "${value}".`,
    );
  }
  return Number(value);
}

export function list(read: InputReader, name: InputName, fallback: string): string[] {
  const value = optional(read, name) ?? fallback;
  return value
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function httpUrl(read: InputReader, name: InputName, fallback: string): string {
  const value = optional(read, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(name, `Input '${name}' must be an http(s) URL; got "${value}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(name, `Input '${name}' must be an http(s) URL; got "${value}".`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new InputError(
      name,
      `Input '${name}' must be a base URL without query, fragment or credentials.`,
    );
  }
  return url.href.replace(/\/+$/, '');
}
