// `ovh-credentials/webpaas`: the Web PaaS client (another API, host and auth than OVH's), its resources and types.
// It re-exports the error classes and Secret (src/shared.ts), so a Web PaaS user never needs to load the OVH client.
export { WebPaasClient, type WebPaasClientOptions } from './client.js';
export type { WebPaasCredentialOptions } from './config.js';
export { WEBPAAS_API_URL, WEBPAAS_CLIENT_ID, WEBPAAS_ENV, WEBPAAS_TOKEN_URL } from './config.js';
export { ActivityFailedError } from './errors.js';
export { ACTIVITY_FAILURE_REASONS, ACTIVITY_RESULTS, ACTIVITY_STATES } from './activities.schemas.js';
export { isActivityDone } from './activities.js';
export { WEBPAAS_AUDIT_RULE_IDS, type WebPaasAuditOptions, type WebPaasAuditReport, type WebPaasAuditRuleId } from './audit.js';
// The types only: the schemas they are inferred from are in `ovh-credentials/schemas`, loaded with a resource's first call.
export type { ActivitiesResource, ActivityList, ActivityWaitOptions } from './activities.js';
export type { Activity } from './activities.schemas.js';
export type {
  VariableDeleteResult,
  VariablesResource,
  VariableUpsertResult,
  VariableWriteOptions,
  VariableWriteResult,
} from './variables.js';
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
