// `ovh-credentials/webpaas`: the Web PaaS client and its types, with the errors and Secret, so it never loads the OVH client.
export { WebPaasClient, type WebPaasClientOptions, type WebPaasCredentialOptions } from './client.js';
export { WEBPAAS_API_URL, WEBPAAS_CLIENT_ID, WEBPAAS_ENV, WEBPAAS_TOKEN_URL } from './client.js';
export { ACTIVITY_FAILURE_REASONS, ACTIVITY_RESULTS, ACTIVITY_STATES } from './activities.schemas.js';
export { ActivityFailedError, isActivityDone } from './activities.js';
export { WEBPAAS_AUDIT_RULE_IDS, type WebPaasAuditOptions, type WebPaasAuditReport, type WebPaasAuditRuleId } from './audit.js';
// The types only: their schemas are in `ovh-credentials/schemas`.
export type { ActivitiesResource, ActivityList, ActivityWaitOptions } from './activities.js';
export type { Activity } from './activities.schemas.js';
export type { VariableDeleteResult, VariablesResource, VariableUpsertResult, VariableWriteOptions, VariableWriteResult } from './variables.js';
export type {
  EnvironmentVariable,
  ProjectVariable,
  Variable,
  VariableCreate,
  VariableRef,
  VariableTarget,
  VariableUpdate,
} from './variables.schemas.js';
export * from '../shared.js';
