/**
 * Pure rules for reading one input: each returns the parsed value or throws an InputError
 * that names the input and the rule. config.ts combines them into the Config.
 */
import { InputError } from '../rules/errors.js';
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
  { integer, min = 0, why = '' }: { integer: boolean; min?: number; why?: string },
): number | undefined {
  const value = optional(read, name);
  if (value === undefined) return undefined;
  const pattern = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  if (!pattern.test(value) || Number(value) < min) {
    throw new InputError(
      name,
      `Input '${name}' must be a ${integer ? 'whole ' : ''}number of days, ${min} or more; ` +
        `got "${value}".${why}`,
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

/**
 * A base URL that credentials may travel to: https, or http only to this machine (127.0.0.0/8,
 * localhost and names under .localhost, which RFC 6761 keeps on loopback, and ::1), where
 * nothing crosses a network in clear text.
 */
export function secureUrl(read: InputReader, name: InputName, fallback: string): string {
  const value = optional(read, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not quoted: a URL pasted wrongly may carry a credential.
    throw new InputError(name, `Input '${name}' must be an https URL; it is not a URL.`);
  }
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InputError(
      name,
      `Input '${name}' must be an https URL (http is allowed only for 127.0.0.1, localhost ` +
        `and ::1): tokens travel in it. Got ${url.protocol}//${url.host}.`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new InputError(
      name,
      `Input '${name}' must be a base URL without query, fragment or credentials.`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/** Seconds within [min, max]; returns milliseconds. */
export function seconds(
  read: InputReader,
  name: InputName,
  fallback: number,
  { min, max }: { min: number; max: number },
): number {
  const value = optional(read, name);
  if (value === undefined) return fallback * 1000;
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(
      name,
      `Input '${name}' must be a number of seconds from ${min} to ${max}; got "${value}".`,
    );
  }
  return Math.round(Number(value) * 1000);
}
