/** The action's input names, written once; a test keeps them equal to action.yml. */
export const INPUT = {
  instagramToken: 'instagram-token',
  githubToken: 'github-token',
  secretName: 'secret-name',
  repository: 'repository',
  environment: 'environment',
  organization: 'organization',
  api: 'api',
  appId: 'app-id',
  appSecret: 'app-secret',
  refreshThresholdDays: 'refresh-threshold-days',
  dryRun: 'dry-run',
  openIssueOnFailure: 'open-issue-on-failure',
  closeIssueOnSuccess: 'close-issue-on-success',
  issueLabels: 'issue-labels',
  issueAssignees: 'issue-assignees',
  issueToken: 'issue-token',
  recordExpiry: 'record-expiry',
  expiryVariable: 'expiry-variable',
  keepalive: 'keepalive',
  inactivityWarningDays: 'inactivity-warning-days',
  instagramApiUrl: 'instagram-api-url',
  facebookApiUrl: 'facebook-api-url',
  graphApiVersion: 'graph-api-version',
  requestTimeout: 'request-timeout',
  createSecret: 'create-secret',
  runTimeout: 'run-timeout',
  accounts: 'accounts',
} as const;

/** The action's output names, written once; a test keeps them equal to action.yml. */
export const OUTPUT = {
  refreshed: 'refreshed',
  expiresAt: 'expires-at',
  expiresIn: 'expires-in',
  daysLeft: 'days-left',
  token: 'token',
  issueNumber: 'issue-number',
  account: 'account',
  results: 'results',
} as const;

export type InputName = (typeof INPUT)[keyof typeof INPUT];
export type OutputName = (typeof OUTPUT)[keyof typeof OUTPUT];
