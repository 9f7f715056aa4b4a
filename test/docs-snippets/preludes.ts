// What the prose of each Markdown file defines before its snippets use it: the client built in an earlier snippet,
// an id the reader has, a function standing for "your code". test/docs-snippets.test.ts appends to each snippet the
// declarations of the names it does not declare or import itself.
//
// Only values go here, never the package's exports: a snippet that uses OvhClient, accessRules, an error class...
// imports it, so that it compiles when copied on its own.

const OVH = "declare const ovh: import('ovh-credentials').OvhClient;";
const PAAS = "declare const paas: import('ovh-credentials/webpaas').WebPaasClient;";
const APP_KEYS = ['declare const applicationKey: string;', 'declare const applicationSecret: string;'];
const PROJECT_ID = 'declare const projectId: string;                                    // a Public Cloud project id';
const DEPLOY = 'declare function deploy(bearerToken: string | undefined): void;       // your deployment';

export const preludes: Record<string, string> = {
  'README.md': [
    OVH,
    ...APP_KEYS,
    PROJECT_ID,
    DEPLOY,
    'declare function store(clientId: string, clientSecret: string): void; // your vault',
    'declare const apiToken: string;                                     // a Web PaaS API token',
  ].join('\n'),
  'docs/ai-tokens.md': [OVH, PROJECT_ID, DEPLOY].join('\n'),
  'docs/applications.md': [OVH, "declare const app: import('ovh-credentials').Application;  // read in the first snippet"].join('\n'),
  'docs/audit.md': [OVH, PAAS, PROJECT_ID, 'declare const project: string;                                      // a Web PaaS project id'].join('\n'),
  'docs/auth.md': [OVH, ...APP_KEYS, 'declare function saveToVault(consumerKey: string): void;'].join('\n'),
  'docs/authentication.md': [...APP_KEYS, 'declare const clientId: string;', 'declare const clientSecret: string;'].join('\n'),
  'docs/credentials.md': OVH,
  'docs/errors.md': OVH,
  'docs/getting-started.md': OVH,
  'docs/reliability.md': [OVH, 'declare const body: Record<string, unknown>;', 'declare const signal: AbortSignal;'].join('\n'),
  'docs/service-accounts.md': [
    OVH,
    "declare const robot: import('ovh-credentials').OvhClient;      // the service account's client (first snippet)",
    'declare const clientId: string;',
    'declare const vault: { store(name: string, value: string): Promise<void> };',
  ].join('\n'),
  'docs/testing.md': [
    "declare function myCleanupJob(ovh: import('ovh-credentials').OvhClient): Promise<void>;  // your code",
    "declare const sim: import('ovh-credentials/testing').OvhSimulator;",
  ].join('\n'),
  'docs/webpaas.md': [
    PAAS,
    'declare const project: string;                                      // a Web PaaS project id',
    "declare const token: import('ovh-credentials').Secret;             // the API token to store",
  ].join('\n'),
};
