/**
 * Bad site inputs (docs/behaviour.md rules 1 and 12): a platform is on only when its
 * credential and its target are both set; one without the other, any of them with `accounts`, a
 * platform API URL or a deploy hook that is not https (loopback aside) is a bad input. It fails
 * the step before any request to Meta, GitHub or a platform, names the input, and never prints a
 * credential or a hook URL (a hook URL is a secret: whoever has it can start builds).
 */
import { describe, it, jest } from '@jest/globals';
import {
  seedCloudflare,
  seedHooks,
  seedNetlify,
  seedScenario,
  seedVercel,
} from '../../simulator/index.js';
import { expectRefusedBeforeAnySiteRequest, runSites, siteCanary, without } from './sites-world.js';
import { sim, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

useFreshSimulator();

/** A remote hook over plain http: refused, and never printed. */
const CLEAR_HOOK = 'http://api.vercel.example/v1/integrations/deploy/prj_abc/s3cr3tHook';

type World = ReturnType<typeof seedWorld>;

function seedWorld() {
  const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
  return {
    seed,
    vercel: seedVercel(sim).inputs,
    netlify: seedNetlify(sim).inputs,
    cloudflare: seedCloudflare(sim).inputs,
    hooks: seedHooks(sim, ['vercel']).inputs,
  };
}

/** `seed.inputs` with `accounts` in place of `instagram-token`, plus `extra`. */
function withAccounts(w: World, extra: Record<string, string>): Record<string, string> {
  return {
    ...without(w.seed.inputs, 'instagram-token'),
    accounts: `IG_ONE_TOKEN=${w.seed.instagramToken}`,
    ...extra,
  };
}

const CASES: [string, (w: World) => Record<string, string>, RegExp][] = [
  [
    'vercel-token without vercel-project',
    (w) => without(w.vercel, 'vercel-project'),
    /'vercel-project'/,
  ],
  [
    'vercel-project without vercel-token',
    (w) => without(w.vercel, 'vercel-token'),
    /'vercel-token'/,
  ],
  [
    'netlify-token without netlify-site',
    (w) => without(w.netlify, 'netlify-site'),
    /'netlify-site'/,
  ],
  [
    'netlify-site without netlify-token',
    (w) => without(w.netlify, 'netlify-token'),
    /'netlify-token'/,
  ],
  [
    'cloudflare-token and -account without a Worker or Pages project',
    (w) => without(w.cloudflare, 'cloudflare-worker', 'cloudflare-pages-project'),
    /'cloudflare-(?:worker|pages-project)'/,
  ],
  [
    'cloudflare-worker without cloudflare-token',
    (w) => without(w.cloudflare, 'cloudflare-token', 'cloudflare-pages-project'),
    /'cloudflare-token'/,
  ],
  [
    'cloudflare-pages-project without cloudflare-account',
    (w) => without(w.cloudflare, 'cloudflare-account', 'cloudflare-worker'),
    /'cloudflare-account'/,
  ],
  [
    'vercel-api-url over plain http to a remote host',
    (w) => ({ ...w.vercel, 'vercel-api-url': 'http://api.vercel.example' }),
    /'vercel-api-url'/,
  ],
  [
    "netlify-api-url 'ftp://…'",
    (w) => ({ ...w.netlify, 'netlify-api-url': 'ftp://api.netlify.example/api/v1' }),
    /'netlify-api-url'/,
  ],
  [
    "cloudflare-api-url 'not a url'",
    (w) => ({ ...w.cloudflare, 'cloudflare-api-url': 'not a url' }),
    /'cloudflare-api-url'/,
  ],
  [
    'a deploy hook over plain http to a remote host',
    (w) => ({ 'deploy-hooks': `${w.hooks['deploy-hooks']}\n${CLEAR_HOOK}` }),
    /'deploy-hooks'/,
  ],
  ["a deploy hook 'not a url'", () => ({ 'deploy-hooks': 'not a url' }), /'deploy-hooks'/],
];

describe('a bad site input fails before any request', () => {
  it.each(CASES)('%s', async (_name, inputsFor, names) => {
    const w = seedWorld();
    const run = await runSites(w.seed, inputsFor(w));

    expectRefusedBeforeAnySiteRequest(run, names);
    siteCanary(run, w.seed, [
      w.vercel['vercel-token'],
      w.netlify['netlify-token'],
      w.cloudflare['cloudflare-token'],
      CLEAR_HOOK,
    ]);
  });
});

describe('site inputs together with accounts (one site per step)', () => {
  it.each([
    ['Vercel', (w: World) => w.vercel, /'(?:accounts|vercel-token|vercel-project)'/],
    ['Netlify', (w: World) => w.netlify, /'(?:accounts|netlify-token|netlify-site)'/],
    ['Cloudflare', (w: World) => w.cloudflare, /'(?:accounts|cloudflare-[a-z-]+)'/],
    ['deploy hooks', (w: World) => w.hooks, /'(?:accounts|deploy-hooks)'/],
  ])('%s with accounts is a bad input', async (_name, siteInputs, names) => {
    const w = seedWorld();
    const run = await runSites({ ...w.seed, inputs: withAccounts(w, siteInputs(w)) }, {});

    expectRefusedBeforeAnySiteRequest(run, names);
    siteCanary(run, w.seed, [
      w.vercel['vercel-token'],
      w.netlify['netlify-token'],
      w.cloudflare['cloudflare-token'],
    ]);
  });
});
