// The public surface of ovh-credentials: the OVH client, errors, Secret, the helpers users call, and types. The zod
// schemas are in `ovh-credentials/schemas`, the Web PaaS client in `ovh-credentials/webpaas`, the simulators in
// `ovh-credentials/testing`.

// Clients
export { OvhClient, type OvhClientOptions, type PaginateOptions } from './client.js';
export type { RawCallOptions, RawOut } from './core/raw-call.js';
export type { StandardSchema } from './core/standard-schema.js';
export type { Page, PageOptions, Paginated } from './core/paging.js';
export type { CredentialOptions } from './core/config.js';
export type { ClientOptions } from './core/options.js';
export type { Logger } from './core/options.js';
export type { CallOptions, HttpMethod } from './core/transport.js';
export type { RetryEvent, RetryOptions } from './core/transport.js';
export type { RateLimitOptions } from './core/rate-limit.js';
export type { QueryValue } from './core/path.js';
export type { BulkOptions, DetailsList, ItemResult } from './core/concurrency.js';

// Errors
export {
  OvhAbortError,
  AuthenticationError,
  BadRequestError,
  BulkOperationError,
  ConfigError,
  ConflictError,
  ERROR_CHANNEL,
  ForbiddenError,
  InputValidationError,
  isOvhError,
  NetworkError,
  NotFoundError,
  OvhApiError,
  OvhError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  OvhTimeoutError,
  type ApiErrorInfo,
  type BulkItemOutcome,
  type InvalidItem,
  type CallInfo,
  type ResponseIssue,
} from './core/errors.js';

// Helpers
export { Secret } from './core/redact.js';
export { accessRules, type AccessRuleGrant, type RuleOptions } from './resources/access-rules.js';
export { isKnown, withUnknownFields, type KnownFields, type OpenEnum } from './core/tolerant.js';
export { toDate } from './core/dates.js';
export { isCidr } from './resources/cidr.js';
export { ENDPOINT_NAMES, getEndpoint, type Endpoint, type EndpointName } from './core/endpoints.js';
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
export { leastPrivilege, type LeastPrivilege, type LeastPrivilegeOptions, type RecordedCall } from './resources/least-privilege.js';

// Resources (reached as client properties: `ovh.credentials`, `paas.variables`...) and their types
// (the types only: the schemas they are inferred from are in `ovh-credentials/schemas`)
export type { AccessRuleMethod } from './resources/access-rules.js';
export type { AccessRule, AccessRuleInput } from './resources/access-rules.schemas.js';
export type { AuthResource, PendingConsumerKey, WaitOptions } from './resources/auth.js';
export type { AuthDetails, ConsumerKeyRequest } from './resources/auth.schemas.js';
export type {
  CredentialDetailsOptions,
  CredentialsResource,
  RevokeAllOptions,
  RevokeReport,
  RevokeSelector,
} from './resources/credentials.js';
export type { Credential, CredentialFilter, CredentialStatus } from './resources/credentials.schemas.js';
export type { ApplicationsResource } from './resources/applications.js';
export type { Application, ApplicationStatus } from './resources/applications.schemas.js';
export type { CreatedOAuth2Client, OAuth2ClientsResource } from './resources/oauth2-clients.js';
export type { OAuth2Client, OAuth2ClientCreate, OAuth2ClientUpdate, OAuth2Flow } from './resources/oauth2-clients.schemas.js';
export type { AiTokensResource } from './resources/ai-tokens.js';
export type { AiToken, AiTokenCreate, AiTokenRole, AiTokenSpec } from './resources/ai-tokens.schemas.js';
export type { GrantInput, IamPoliciesResource, IamRegion, IamResource, RevokeGrantsReport } from './resources/iam.js';
export type { IamCondition, IamPermissions, IamPolicy, IamPolicyFilter, IamPolicyInput } from './resources/iam.schemas.js';
