// `ovh.iam.grant` and `ovh.iam.revoke`, loaded with their first use: one policy per grant, and the removal of an
// identity from every policy that names it.
import { InputValidationError } from '../core/errors.js';
import type { PageOptions } from '../core/paging.js';
import type { CallOptions } from '../core/transport.js';
import { policyInput, type GrantInput, type IamResource, type RevokeGrantsReport } from './iam.js';
import type { IamPolicy } from './iam.schemas.js';

/** `iam.grant`, on the resource's own calls (see its documentation). */
export async function grant(iam: IamResource, serviceAccount: string, input: GrantInput, options: CallOptions): Promise<IamPolicy> {
  if (!input || !Array.isArray(input.actions) || input.actions.length === 0) {
    throw new InputValidationError(
      'grant.actions',
      'Invalid grant.actions: give at least one IAM action, e.g. "account:apiovh:me/get". Nothing was sent.',
    );
  }
  const identity = await iam.identityOf(serviceAccount, options);
  const resources = input.resources?.length ? [...input.resources] : [await iam.accountUrn(options)];
  // The default name is derived from what is granted: the same grant twice is refused as a duplicate name.
  const name =
    input.name ??
    `grant-${
      identity
        .split('/oauth2-')
        .pop()
        ?.replace(/[^A-Za-z0-9_+-]/g, '-') ?? 'sa'
    }-${fnv1a([...input.actions, ...resources].sort().join('\n'))}`;
  return iam.policies.create(
    {
      name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      identities: [identity],
      resources,
      permissions: { allow: [...input.actions] },
      ...(input.expiredAt !== undefined ? { expiredAt: input.expiredAt } : {}),
    },
    options,
  );
}

/** `iam.revoke`, on the resource's own calls (see its documentation). */
export async function revoke(iam: IamResource, serviceAccount: string, options: PageOptions): Promise<RevokeGrantsReport> {
  const identity = await iam.identityOf(serviceAccount, options);
  const report: RevokeGrantsReport = { deleted: [], updated: [] };
  for (const policy of await iam.policies.list({ identity }, options).all()) {
    if (policy.readOnly || !policy.identities.includes(identity)) continue;
    const others = policy.identities.filter((i) => i !== identity);
    if (others.length === 0) {
      await iam.policies.delete(policy.id, options);
      report.deleted.push(policy.id);
    } else {
      await iam.policies.update(policy.id, { ...policyInput(policy), identities: others }, options);
      report.updated.push(policy.id);
    }
  }
  return report;
}

/** 32-bit FNV-1a of a text, as 8 hex digits: a short, stable name suffix. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
