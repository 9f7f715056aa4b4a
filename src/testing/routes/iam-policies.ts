/**
 * `/v2/iam/policy` (v2): IAM policies. Lists page with a cursor (`X-Pagination-Size` in, default 25;
 * `X-Pagination-Cursor-Next` out while more remain; `X-Pagination-Cursor` back in; a stale or foreign cursor → 400
 * `invalid cursor`). POST and PUT take `iam.policy.Creation` / `iam.policy.Update` (the same fields) and are
 * validated strictly; PUT replaces the whole policy. Creation answers 200, as OVH's description declares.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  invalidCursor,
  invalidParameter,
  invalidPolicy,
  objectNotFound,
  OVH_ERRORS,
  policyAlreadyExists,
  policyReadOnly,
  type OvhErrorSpec,
} from '../errors.js';
import { emptyResponse, errorResponse, jsonResponse } from '../http.js';
import {
  addPolicy,
  applyPolicyContent,
  findPolicyByName,
  policyView,
  type IamPolicyCondition,
  type IamPolicyContent,
  type SimIamPolicy,
} from '../iam.js';
import type { RouteContext, SimRoute } from '../route.js';
import type { SimulatorState } from '../state.js';

/** The page size when the request sends no `X-Pagination-Size` (what OVH's web console asks for; the API's own default is UNCONFIRMED). */
export const DEFAULT_POLICY_PAGE_SIZE = 25;

/** Names as OVH's web console validates them (`ENTITY_NAME_PATTERN`). */
const NAME_PATTERN = /^[a-zA-Z0-9\-/_+]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `*` is a wildcard at the beginning or the end only (OVH's IAM guides). */
const edgeWildcardsOnly = (value: string): boolean => !value.slice(1, -1).includes('*');
const NO_SPACE = /^\S+$/;

const ActionEntry = z.strictObject({
  action: z
    .string()
    .regex(NO_SPACE, 'must be an action name such as account:apiovh:me/get')
    .refine(edgeWildcardsOnly, 'a * wildcard may only start or end an action'),
});
const ActionList = z.array(ActionEntry).nullable().optional();

const ResourceUrn = z
  .string()
  .regex(NO_SPACE, 'must be a resource URN such as urn:v1:eu:resource:account:xx1111-ovh')
  .refine((urn) => urn.startsWith('*') || urn.startsWith('urn:v1:'), 'must be a URN (urn:v1:…), optionally with a * wildcard at either end')
  .refine(edgeWildcardsOnly, 'a * wildcard may only start or end a URN');

const Condition: z.ZodType<IamPolicyCondition> = z.lazy(() =>
  z.strictObject({
    operator: z.enum(['AND', 'MATCH', 'NOT', 'OR'], { error: 'operator must be one of AND, MATCH, NOT, OR' }),
    values: z.record(z.string(), z.string()).nullable().optional(),
    conditions: z.array(Condition).nullable().optional(),
  }),
);

// `iam.policy.Creation` and `iam.policy.Update` have the same fields. Read-only fields of nested models (a resource's
// `group`/`resource` details, a permissions group's name, owner and permissions) are what a read returns: they are
// accepted and ignored, so a policy read back can be sent again. Anything else unknown is refused.
const PolicyBody = z.strictObject({
  name: z.string().regex(NAME_PATTERN, 'must use letters, digits and - / _ + only'),
  description: z.string().optional(),
  identities: z.array(
    z
      .string()
      .regex(
        /^urn:v1:[a-z]+:identity:[A-Za-z]+:\S+$/,
        'must be an identity URN such as urn:v1:eu:identity:credential:xx1111-ovh/oauth2-EU.0123456789abcdef',
      ),
  ),
  resources: z.array(z.strictObject({ urn: ResourceUrn, group: z.unknown().optional(), resource: z.unknown().optional() })),
  permissions: z.strictObject({ allow: ActionList, except: ActionList, deny: ActionList }),
  permissionsGroups: z
    .array(
      z.strictObject({
        urn: z
          .string()
          .regex(/^urn:v1:[a-z]+:permissionsGroup:\S+$/, 'must be a permissions group URN such as urn:v1:eu:permissionsGroup:ovh:globalReadOnly'),
        name: z.unknown().optional(),
        owner: z.unknown().optional(),
        permissions: z.unknown().optional(),
      }),
    )
    .nullable()
    .optional(),
  conditions: Condition.nullable().optional(),
  expiredAt: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-12-31T23:59:59Z' })
    .nullable()
    .optional(),
});

/** Nesting limit and terminal MATCH, as the Terraform provider documents them. */
function conditionProblem(condition: IamPolicyCondition, depth: number): string | null {
  if (depth > 3) return 'conditions may nest 3 levels deep at most';
  const children = condition.conditions ?? [];
  if (condition.operator === 'MATCH' && children.length > 0) return 'a MATCH condition cannot have sub-conditions';
  for (const child of children) {
    const problem = conditionProblem(child, depth + 1);
    if (problem !== null) return problem;
  }
  return null;
}

type Checked<T> = { ok: true; value: T } | { ok: false; error: OvhErrorSpec };

/**
 * Validates a policy body (`iam.policy.Creation` / `iam.policy.Update`) the way the simulator's API does: required
 * name, identities, resources and permissions, no unknown field, URNs and actions well formed, the `ovh-` name
 * prefix reserved to OVH (unless `allowReservedName`). Name uniqueness is checked by the caller.
 */
export function validatePolicyBody(raw: unknown, options: { allowReservedName?: boolean } = {}): Checked<IamPolicyContent> {
  const parsed = PolicyBody.safeParse(raw, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const code =
      first?.message === 'is required'
        ? 'MISSING_PARAMETER'
        : first?.path[0] === 'name' && first.code === 'invalid_format'
          ? 'INVALID_FORMAT'
          : 'INVALID_PARAMETER';
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
      const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
      return `[${where}] ${message}`;
    });
    return { ok: false, error: invalidPolicy(`Invalid body: ${problems.join('; ')}`, code) };
  }
  const body = parsed.data;
  if (!options.allowReservedName && body.name.toLowerCase().startsWith('ovh-')) {
    return { ok: false, error: invalidPolicy('Invalid body: [name] the ovh- prefix is reserved for OVHcloud-managed policies', 'INVALID_PARAMETER') };
  }
  const problem = body.conditions ? conditionProblem(body.conditions, 1) : null;
  if (problem !== null) return { ok: false, error: invalidPolicy(`Invalid body: [conditions] ${problem}`, 'INVALID_PARAMETER') };
  const { expiredAt, ...rest } = body;
  return { ok: true, value: { ...rest, expiredAt: expiredAt === undefined || expiredAt === null ? null : Date.parse(expiredAt) } };
}

// Cursor paging state, per simulator state: a sequence number per policy (creation order) and the cursors handed
// out. A cursor remembers the last sequence number it returned, so deleting policies between pages skips nothing.
interface PagingState {
  readonly order: Map<string, number>;
  next: number;
  readonly cursors: Map<string, { after: number; filter: string }>;
}
const pagingStates = new WeakMap<SimulatorState, PagingState>();

function pagingOf(state: SimulatorState): PagingState {
  let paging = pagingStates.get(state);
  if (paging === undefined) {
    paging = { order: new Map(), next: 1, cursors: new Map() };
    pagingStates.set(state, paging);
  }
  return paging;
}

function booleanQuery(url: URL, name: string): Checked<boolean | undefined> {
  const raw = url.searchParams.get(name);
  if (raw === null) return { ok: true, value: undefined };
  if (raw !== 'true' && raw !== 'false') return { ok: false, error: invalidParameter(name, raw, 'boolean') };
  return { ok: true, value: raw === 'true' };
}

function embedsAction(policy: SimIamPolicy, actions: readonly string[]): boolean {
  const { allow = [], except = [], deny = [] } = policy.permissions;
  return [...allow, ...except, ...deny].some((entry) => actions.includes(entry.action));
}

function listPolicies({ url, request, runtime }: RouteContext): Response {
  const { state } = runtime;
  const identity = url.searchParams.getAll('identity');
  const resourceURN = url.searchParams.getAll('resourceURN');
  const action = url.searchParams.getAll('action');
  const readOnly = booleanQuery(url, 'readOnly');
  if (!readOnly.ok) return errorResponse(readOnly.error);
  const details = booleanQuery(url, 'details'); // accepted; resource details are not simulated
  if (!details.ok) return errorResponse(details.error);

  const rawSize = request.headers.get('x-pagination-size');
  let size = DEFAULT_POLICY_PAGE_SIZE;
  if (rawSize !== null) {
    if (!/^\d{1,9}$/.test(rawSize.trim()) || Number(rawSize) < 1)
      return errorResponse(invalidParameter('X-Pagination-Size', rawSize, 'positive integer'));
    size = Number(rawSize);
  }

  const filter = JSON.stringify([identity.sort(), resourceURN.sort(), action.sort(), readOnly.value ?? null]);
  const paging = pagingOf(state);
  let after = 0;
  const cursor = request.headers.get('x-pagination-cursor');
  if (cursor !== null && cursor !== '') {
    const known = paging.cursors.get(cursor);
    // A cursor of another listing (other filters) is as foreign as an unknown one.
    if (known === undefined || known.filter !== filter) return errorResponse(invalidCursor());
    after = known.after;
  }

  for (const id of state.policies.keys()) if (!paging.order.has(id)) paging.order.set(id, paging.next++);
  const matching = [...state.policies.values()]
    .filter((policy) => identity.length === 0 || policy.identities.some((urn) => identity.includes(urn)))
    .filter((policy) => resourceURN.length === 0 || policy.resources.some((resource) => resourceURN.includes(resource.urn)))
    .filter((policy) => action.length === 0 || embedsAction(policy, action))
    .filter((policy) => readOnly.value === undefined || policy.readOnly === readOnly.value)
    .map((policy) => ({ policy, position: paging.order.get(policy.id) ?? 0 }))
    .filter(({ position }) => position > after)
    .sort((a, b) => a.position - b.position);

  const page = matching.slice(0, size);
  const headers = new Headers();
  const last = page.at(-1);
  if (matching.length > page.length && last !== undefined) {
    const next = randomBytes(18).toString('base64url');
    paging.cursors.set(next, { after: last.position, filter });
    headers.set('X-Pagination-Cursor-Next', next);
  }
  return jsonResponse(
    page.map(({ policy }) => policyView(policy)),
    { headers },
  );
}

function findPolicy({ params, runtime }: RouteContext): Checked<SimIamPolicy> {
  const id = params['policyId'] ?? '';
  if (!UUID.test(id)) return { ok: false, error: invalidParameter('policyId', id, 'uuid') };
  const policy = runtime.state.policies.get(id.toLowerCase());
  return policy === undefined ? { ok: false, error: objectNotFound('policyId', id) } : { ok: true, value: policy };
}

function parseBody(text: string): Checked<IamPolicyContent> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: OVH_ERRORS.invalidJson };
  }
  return validatePolicyBody(raw);
}

/** The `/v2/iam/policy` routes. */
export const iamPolicyRoutes: readonly SimRoute[] = [
  {
    api: 'v2',
    method: 'GET',
    path: '/v2/iam/policy',
    auth: 'signed',
    handle: listPolicies,
  },
  {
    api: 'v2',
    method: 'POST',
    path: '/v2/iam/policy',
    auth: 'signed',
    handle: ({ body, runtime }) => {
      const parsed = parseBody(body);
      if (!parsed.ok) return errorResponse(parsed.error);
      if (findPolicyByName(runtime.state, parsed.value.name) !== undefined) return errorResponse(policyAlreadyExists(parsed.value.name));
      return jsonResponse(policyView(addPolicy(runtime.state, parsed.value, { now: runtime.now() })));
    },
  },
  {
    api: 'v2',
    method: 'GET',
    path: '/v2/iam/policy/{policyId}',
    auth: 'signed',
    handle: (context) => {
      const details = booleanQuery(context.url, 'details');
      if (!details.ok) return errorResponse(details.error);
      const found = findPolicy(context);
      return found.ok ? jsonResponse(policyView(found.value)) : errorResponse(found.error);
    },
  },
  {
    api: 'v2',
    method: 'PUT',
    path: '/v2/iam/policy/{policyId}',
    auth: 'signed',
    handle: (context) => {
      const found = findPolicy(context);
      if (!found.ok) return errorResponse(found.error);
      const policy = found.value;
      if (policy.readOnly) return errorResponse(policyReadOnly());
      const parsed = parseBody(context.body);
      if (!parsed.ok) return errorResponse(parsed.error);
      const other = findPolicyByName(context.runtime.state, parsed.value.name);
      if (other !== undefined && other.id !== policy.id) return errorResponse(policyAlreadyExists(parsed.value.name));
      applyPolicyContent(policy, parsed.value);
      policy.updatedAt = context.runtime.now();
      return jsonResponse(policyView(policy));
    },
  },
  {
    api: 'v2',
    method: 'DELETE',
    path: '/v2/iam/policy/{policyId}',
    auth: 'signed',
    handle: (context) => {
      const found = findPolicy(context);
      if (!found.ok) return errorResponse(found.error);
      if (found.value.readOnly) return errorResponse(policyReadOnly());
      context.runtime.state.policies.delete(found.value.id);
      return emptyResponse();
    },
  },
];
