// ovh-credentials: the OVH client, errors, Secret, helpers and types (schemas, Web PaaS, simulators: their own entries).
export * from './shared.js';
export { type ConfigDescription, OvhClient, type OvhClientOptions, type PaginateOptions } from './client.js';
export type { Page, PageOptions, Paginated } from './core/paging.js';
export type { ConfigKey, CredentialOptions } from './core/config.js';
export type { QueryValue } from './core/path.js';
export type { BulkOptions, DetailsList, ItemResult } from './core/concurrency.js';
export { BulkOperationError, type BulkItemOutcome } from './core/errors.js';

// Helpers
export { accessRules, type AccessRuleGrant, type RuleOptions } from './resources/access-rules.js';
export { isCidr } from './resources/cidr.js';
export { ENDPOINT_NAMES, getEndpoint, type Endpoint, type EndpointAlias, type EndpointName } from './core/endpoints.js';
export { signRequest, type SignatureInput } from './core/signature.js';
export { VERSION } from './version.js';
export {
  ACCESS_RULE_METHODS,
  AI_TOKEN_ROLES,
  APPLICATION_STATUSES,
  AUTH_DETAILS_METHODS,
  CREDENTIAL_STATES,
  IAM_CONDITION_OPERATORS,
  OAUTH2_FLOWS,
} from './resources/known.js';
export { iamUrn, policyInput } from './resources/iam.js';
export { AUDIT_RULE_IDS, DEFAULT_THRESHOLDS as AUDIT_THRESHOLDS } from './resources/audit-rules.js';
export { leastPrivilege, type LeastPrivilege, type LeastPrivilegeOptions, type RecordedCall } from './resources/least-privilege.js';

// Resources (client properties: `ovh.credentials`...) and their types; their schemas are in `ovh-credentials/schemas`.
export type { AccessRule, AccessRuleInput, AccessRuleMethod } from './resources/access-rules.schemas.js';
export type { AuthResource, PendingConsumerKey, WaitOptions, WaitProgress } from './resources/auth.js';
export type { AuthDetails, ConsumerKeyRequest } from './resources/auth.schemas.js';
export type { CredentialDetailsOptions, CredentialsResource, RevokeAllOptions, RevokeReport, RevokeSelector } from './resources/credentials.js';
export type { Credential, CredentialFilter, CredentialStatus } from './resources/credentials.schemas.js';
export type { ApplicationsResource } from './resources/applications.js';
export type { Application, ApplicationStatus } from './resources/applications.schemas.js';
export type { CreatedOAuth2Client, OAuth2ClientsResource } from './resources/oauth2-clients.js';
export type { OAuth2Client, OAuth2ClientCreate, OAuth2ClientUpdate, OAuth2Flow } from './resources/oauth2-clients.schemas.js';
export type { AiTokensResource } from './resources/ai-tokens.js';
export type { AiToken, AiTokenCreate, AiTokenRole, AiTokenSpec } from './resources/ai-tokens.schemas.js';
export type { GrantInput, IamPoliciesResource, IamRegion, IamResource, RevokeGrantsReport } from './resources/iam.js';
export type { IamCondition, IamPermissions, IamPolicy, IamPolicyFilter, IamPolicyInput } from './resources/iam.schemas.js';
export type { AuditData, AuditFinding, AuditFix, AuditObject, AuditRuleId, AuditSeverity, AuditThresholds } from './resources/audit-rules.js';
export type { ApplyAuditPlanOptions, AuditApplyReport, AuditOptions, AuditPlanItem, AuditProgress, AuditReport } from './resources/audit.js';
