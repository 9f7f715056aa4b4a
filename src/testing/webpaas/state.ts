/**
 * The Web PaaS simulator's in-memory state: API tokens and the access tokens issued for them, projects with their
 * environments (a tree by `parent`) and variables at both levels, and activities. Times are epoch ms.
 */
import { randomBytes } from 'node:crypto';

/** A variable as stored (project level ignores `is_enabled` / `is_inheritable`). */
export interface SimWebPaasVariable {
  name: string;
  value: string;
  attributes: Record<string, string>;
  is_json: boolean;
  is_sensitive: boolean;
  visible_build: boolean;
  visible_runtime: boolean;
  application_scope: string[];
  is_enabled: boolean;
  is_inheritable: boolean;
  /** Epoch ms; `null` as the spec allows (older variables). */
  created_at: number | null;
  /** Epoch ms, `null` until first changed. */
  updated_at: number | null;
}

/** An environment (a branch). */
export interface SimWebPaasEnvironment {
  id: string;
  title: string;
  /** Parent environment id; its inheritable variables flow down. `null` for the root (`main`). */
  parent: string | null;
  created_at: number;
  variables: Map<string, SimWebPaasVariable>;
}

/** A project. */
export interface SimWebPaasProject {
  id: string;
  title: string;
  region: string;
  created_at: number;
  variables: Map<string, SimWebPaasVariable>;
  environments: Map<string, SimWebPaasEnvironment>;
}

/** An activity (the redeploy an environment-level change triggers). Its state follows the clock. */
export interface SimWebPaasActivity {
  id: string;
  project: string;
  environments: string[];
  type: string;
  description: string;
  variable: string;
  /** Epoch ms. */
  created_at: number;
  /** How long from creation to completion, ms. */
  durationMs: number;
  result: 'success' | 'failure';
  /** Staged for a later deploy: `scheduled`, then `staged` for good (it never completes on its own). */
  staged: boolean;
}

/** An API token (what users create in the console). */
export interface SimWebPaasApiToken {
  token: string;
  name: string;
  created_at: number;
  revoked: boolean;
}

/** An access token issued by the token endpoint. */
export interface SimWebPaasAccessToken {
  token: string;
  apiToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** The whole state. */
export interface WebPaasState {
  projects: Map<string, SimWebPaasProject>;
  activities: Map<string, SimWebPaasActivity>;
  apiTokens: Map<string, SimWebPaasApiToken>;
  accessTokens: Map<string, SimWebPaasAccessToken>;
}

/** An empty state. */
export function createWebPaasState(): WebPaasState {
  return { projects: new Map(), activities: new Map(), apiTokens: new Map(), accessTokens: new Map() };
}

/** Random lower-case alphanumerics (Web PaaS project ids look like `abcdefgh12345`). */
export function randomId(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Adds a project with a root environment `main`. */
export function addProject(state: WebPaasState, input: { id?: string; title?: string; now: number }): SimWebPaasProject {
  const id = input.id ?? randomId(13);
  if (state.projects.has(id)) throw new Error(`Project ${id} already exists`);
  const project: SimWebPaasProject = {
    id,
    title: input.title ?? 'Simulated project',
    region: 'eu-5.webpaas.ovh.net',
    created_at: input.now,
    variables: new Map(),
    environments: new Map(),
  };
  project.environments.set('main', { id: 'main', title: 'Main', parent: null, created_at: input.now, variables: new Map() });
  state.projects.set(id, project);
  return project;
}

/** Adds an environment (a branch of `parent`, `main` by default). */
export function addEnvironment(
  project: SimWebPaasProject,
  input: { id: string; parent?: string | null; title?: string; now: number },
): SimWebPaasEnvironment {
  if (project.environments.has(input.id)) throw new Error(`Environment ${input.id} already exists in project ${project.id}`);
  const parent = input.parent === undefined ? 'main' : input.parent;
  if (parent !== null && !project.environments.has(parent)) throw new Error(`Unknown parent environment ${parent}`);
  const environment: SimWebPaasEnvironment = { id: input.id, title: input.title ?? input.id, parent, created_at: input.now, variables: new Map() };
  project.environments.set(input.id, environment);
  return environment;
}

/** A variable as an environment sees it, and whether it came from above. */
export interface EffectiveVariable {
  variable: SimWebPaasVariable;
  inherited: boolean;
}

/**
 * The variables an environment lists: the inheritable ones of each ancestor from the root down, then its own (which
 * override). Project variables are not among them (the spec's `inherited` is "inherited from a parent environment";
 * the CLI merges the project's list in itself).
 */
export function effectiveVariables(project: SimWebPaasProject, environment: SimWebPaasEnvironment): Map<string, EffectiveVariable> {
  const chain: SimWebPaasEnvironment[] = [];
  for (let e = environment.parent === null ? undefined : project.environments.get(environment.parent); e; ) {
    chain.unshift(e);
    e = e.parent === null ? undefined : project.environments.get(e.parent);
  }
  const out = new Map<string, EffectiveVariable>();
  for (const ancestor of chain) {
    for (const variable of ancestor.variables.values()) {
      if (variable.is_inheritable) out.set(variable.name, { variable, inherited: true });
    }
  }
  for (const variable of environment.variables.values()) out.set(variable.name, { variable, inherited: false });
  return out;
}

/**
 * The state of an activity at `now`: pending for the first half of its duration, then in progress, then complete.
 * A staged activity is scheduled for the first half, then staged for good.
 */
export function activityState(activity: SimWebPaasActivity, now: number): 'pending' | 'scheduled' | 'in_progress' | 'staged' | 'complete' {
  const elapsed = now - activity.created_at;
  const firstHalf = elapsed < activity.durationMs / 2;
  if (activity.staged) return firstHalf ? 'scheduled' : 'staged';
  if (elapsed >= activity.durationMs) return 'complete';
  return firstHalf ? 'pending' : 'in_progress';
}
