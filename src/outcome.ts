/** What a run did, as plain data: the summary, the outputs and (later) the failure issue read it. */
import type { Step } from './errors.js';
import type { Expiry } from './expiry.js';
import type { Account } from './graph/token-api.js';

export interface RunFacts {
  /** "repository secret INSTAGRAM_ACCESS_TOKEN in acme/site". */
  destination: string;
  /** "Instagram Login" or "Facebook Login". */
  login: string;
  account?: Account;
}

export type Outcome =
  | (RunFacts & {
      status: 'refreshed';
      expiry?: Expiry;
      written: 'created' | 'updated';
      /** Meta answered with the same string; still written and reported as refreshed. */
      sameToken: boolean;
    })
  | (RunFacts & { status: 'dry-run'; currentExpiry?: Expiry; wouldDo: string })
  | (RunFacts & {
      status: 'failed';
      step: Step;
      /** Scrubbed message: what failed. */
      message: string;
      /** Scrubbed: what the person must do. */
      advice: string;
      transient: boolean;
    });
