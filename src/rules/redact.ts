/**
 * Keeps credentials out of everything the action prints or sends.
 * Masking covers the runner's logs only; issue bodies, comments and error messages from
 * HTTP clients are not masked by GitHub, so every text we report goes through scrub().
 */

// Query parameters and headers that carry credentials in Graph and GitHub calls.
const CREDENTIAL_PARAMS =
  /\b(access_token|input_token|fb_exchange_token|client_secret|refresh_token|code)=[^&\s"'<>]+/gi;
const AUTH_HEADER = /\b(Bearer|OAuth|token)\s+[A-Za-z0-9._~+/|=-]{16,}/gi;
// Token shapes seen in the wild: Instagram Login (IGAA), Basic Display (IGQV), Facebook (EAA).
const TOKEN_SHAPES = /(?:IGAA|IGQV|EAA)[A-Za-z0-9_-]{16,}/g;
const GITHUB_TOKEN_SHAPES = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g;

export const REDACTED = '***';

export interface Redactor {
  /** Masks a value in the runner's log (core.setSecret) and remembers it for scrub(). */
  add(value: string | undefined): void;
  /** The text with every remembered value and every credential-shaped string removed. */
  scrub(text: string): string;
}

export function createRedactor(mask: (value: string) => void): Redactor {
  const secrets = new Set<string>();
  return {
    add(value) {
      if (!value || secrets.has(value)) return;
      secrets.add(value);
      mask(value);
    },
    scrub(text) {
      return scrubText(text, secrets);
    },
  };
}

/** Pure scrubbing: known values first (longest first, so a prefix never leaves a tail). */
export function scrubText(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  const byLength = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of byLength) out = out.split(secret).join(REDACTED);
  return out
    .replace(CREDENTIAL_PARAMS, (_match, name: string) => `${name}=${REDACTED}`)
    .replace(AUTH_HEADER, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(TOKEN_SHAPES, REDACTED)
    .replace(GITHUB_TOKEN_SHAPES, REDACTED);
}
