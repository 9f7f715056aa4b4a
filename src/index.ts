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
export type { Logger } from './core/logger.js';
export type { CallOptions, HttpMethod } from './core/transport.js';
export type { RetryEvent, RetryOptions } from './core/retry.js';
export type { RateLimitOptions } from './core/rate-limit.js';
export type { QueryValue } from './core/path.js';
export type { BulkOptions, DetailsList, ItemResult } from './core/concurrency.js';

// Errors
export {
  AbortError,
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
  TimeoutError,
  type ApiErrorInfo,
  type BulkItemOutcome,
  type InvalidItem,
  type RequestInfo,
  type ResponseIssue,
} from './core/errors.js';

// Helpers
export { Secret } from './core/redact.js';
export { accessRules, ACCESS_RULE_METHODS, type AccessRuleGrant, type RuleOptions } from './resources/access-rules.js';
export { isKnown, withUnknownFields, type KnownFields, type OpenEnum } from './core/tolerant.js';
export { toDate } from './core/dates.js';
export { isCidr } from './resources/cidr.js';
export { ENDPOINT_NAMES, getEndpoint, type Endpoint, type EndpointName } from './core/endpoints.js';
export { signRequest, type SignatureInput } from './core/signature.js';
export { VERSION } from './version.js';
export { CREDENTIAL_STATES } from './resources/credentials.js';
export { APPLICATION_STATUSES } from './resources/applications.js';
export { OAUTH2_FLOWS } from './resources/oauth2-clients.js';
export { AUTH_DETAILS_METHODS } from './resources/auth.js';
export { AI_TOKEN_ROLES } from './resources/ai-tokens.js';
export { IAM_CONDITION_OPERATORS, iamUrn, policyInput } from './resources/iam.js';
export { leastPrivilege, type LeastPrivilege, type LeastPrivilegeOptions, type RecordedCall } from './resources/least-privilege.js';

// Resources (reached as client properties: `ovh.credentials`, `paas.variables`...) and their types
export type { AccessRule, AccessRuleInput, AccessRuleMethod } from './resources/access-rules.js';
export type { AuthDetails, AuthResource, ConsumerKeyRequest, PendingConsumerKey, WaitOptions } from './resources/auth.js';
export type {
  Credential,
  CredentialDetailsOptions,
  CredentialFilter,
  CredentialsResource,
  CredentialStatus,
  RevokeAllOptions,
  RevokeReport,
  RevokeSelector,
} from './resources/credentials.js';
export type { Application, ApplicationsResource, ApplicationStatus } from './resources/applications.js';
export type {
  CreatedOAuth2Client,
  OAuth2Client,
  OAuth2ClientCreate,
  OAuth2ClientsResource,
  OAuth2ClientUpdate,
  OAuth2Flow,
} from './resources/oauth2-clients.js';
export type { AiToken, AiTokenCreate, AiTokenRole, AiTokensResource, AiTokenSpec } from './resources/ai-tokens.js';
export type {
  GrantInput,
  IamCondition,
  IamPermissions,
  IamPoliciesResource,
  IamPolicy,
  IamPolicyFilter,
  IamPolicyInput,
  IamRegion,
  IamResource,
  RevokeGrantsReport,
} from './resources/iam.js';
