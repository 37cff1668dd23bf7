/** What the run needs from Meta, the same for both logins: refresh, verify, and learn expiry. */
import type { Flavour } from './flavour.js';

export interface RefreshedToken {
  token: string;
  /** Seconds from the response; Meta sends it for both logins, but it is optional in the docs. */
  expiresInSeconds?: number;
}

export interface Account {
  id: string;
  /** Instagram username, or the Facebook user's name. */
  name: string;
}

export interface TokenApi {
  flavour: Flavour;
  /** "Instagram Login" or "Facebook Login", for people. */
  label: string;
  refresh(token: string): Promise<RefreshedToken>;
  /** Calls /me with the token: proof that it works, and the account for the summary. */
  verify(token: string): Promise<Account>;
  /** The token's expiry in epoch seconds when Meta reports it (0 = never), else undefined. */
  readExpiry?(token: string): Promise<number | undefined>;
}

/** Reads a string field that Meta may send as a number. */
export function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Reads `expires_in`, which Meta documents as a number but which proxies may stringify. */
export function secondsField(body: Record<string, unknown>, name: string): number | undefined {
  const value = Number(body[name]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
