/** The step's outputs. `token` is set only after the token is masked (the caller's duty). */
import { OUTPUT } from '../input-names.js';
import type { Expiry } from '../expiry.js';

export interface OutputValues {
  refreshed: boolean;
  expiry?: Expiry;
  /** The new token, already masked with core.setSecret. */
  token?: string;
  account?: string;
}

export function outputEntries(values: OutputValues): [string, string][] {
  const entries: [string, string][] = [[OUTPUT.refreshed, String(values.refreshed)]];
  if (values.expiry) {
    entries.push([OUTPUT.expiresAt, values.expiry.expiresAt]);
    entries.push([OUTPUT.expiresIn, String(values.expiry.expiresIn)]);
    entries.push([OUTPUT.daysLeft, String(values.expiry.daysLeft)]);
  }
  if (values.account) entries.push([OUTPUT.account, values.account]);
  if (values.token) entries.push([OUTPUT.token, values.token]);
  return entries;
}
