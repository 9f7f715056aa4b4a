// Consumer check: typechecked against the published .d.ts (never run); check-package copies it to .mts for ESM.
import { type OvhClient, accessRules, type AccessRule, type Credential, type RevokeReport, OvhApiError } from 'ovh-credentials';
import { OvhSimulator } from 'ovh-credentials/testing';
import type { WebPaasClient } from 'ovh-credentials/webpaas';
import type { Secret } from 'ovh-credentials';

// No published class has a key typed by a symbol the package does not export: a user's own declaration emit could
// not name it (TS2742). Symbol.toPrimitive is the platform's own.
type PrivateSymbolKeys<T> = Exclude<Extract<keyof T, symbol>, typeof Symbol.toPrimitive>;
const portable: [PrivateSymbolKeys<OvhClient>, PrivateSymbolKeys<WebPaasClient>, PrivateSymbolKeys<Secret>] extends [never, never, never]
  ? true
  : false = true;

declare const ovh: OvhClient;
const rules: AccessRule[] = accessRules.readWrite('/me/api/credential', { recursive: true });
export async function typed(): Promise<void> {
  const ids: number[] = await ovh.credentials.list({ status: 'expired' });
  const one: Credential = await ovh.credentials.get(ids[0] ?? 1);
  // Open enum: the known states autocomplete, a state the API adds later is still a string.
  const status: 'expired' | 'pendingValidation' | 'refused' | 'validated' | (string & {}) = one.status;
  // @ts-expect-error known fields only: a misspelt field does not compile against the published types
  void one.lastuse;
  const report: RevokeReport = await ovh.credentials.revokeAll({ status: 'expired' }, { dryRun: true });
  const n: number = report.revoked.length;
  const e = new Error() as unknown;
  if (e instanceof OvhApiError) {
    const s: number = e.status;
    void s;
  }
  // @ts-expect-error status must be one of the API's states
  await ovh.credentials.list({ status: 'bogus' });
  void [rules, status, n, OvhSimulator, portable];
}
