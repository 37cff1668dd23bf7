/**
 * `deploy-hooks`: one URL a line, POSTed once every site copy was updated. A hook URL is a
 * secret (anyone holding it can trigger builds): masked, never echoed, https only except a
 * loopback host.
 */
import { InputError } from '../rules/errors.js';
import { INPUT } from './input-names.js';
import { isLoopbackHost, optional, type InputReader } from './input-rules.js';

/** One URL a line; https only, except a loopback host. Never echoed: a hook URL is a secret. */
export function hookUrls(read: InputReader): string[] {
  return hookUrlsToMask(optional(read, INPUT.deployHooks) ?? '').map((url, index) => {
    if (!isSecureUrl(url)) {
      throw new InputError(
        INPUT.deployHooks,
        `Input '${INPUT.deployHooks}' line ${index + 1} is not an https URL (plain http only to ` +
          '127.0.0.1, localhost or ::1). Copy the hook URL from the platform again.',
      );
    }
    return url;
  });
}

function isSecureUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.username || url.password) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

/** The hook URLs, one a line (blank and `#` lines left out): masked before anything is logged. */
export function hookUrlsToMask(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
