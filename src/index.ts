// The public surface of ovh-credentials.
export { OvhClient, type OvhClientOptions, type RawCallOptions } from './client.js';
export type { CredentialOptions } from './core/config.js';
export { ENDPOINT_NAMES, getEndpoint, type Endpoint, type EndpointName } from './core/endpoints.js';
export {
  AbortError,
  AuthenticationError,
  BulkOperationError,
  type BulkItemOutcome,
  BadRequestError,
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
  type InvalidItem,
  type ResponseIssue,
  ServerError,
  TimeoutError,
  type ApiErrorInfo,
  type RequestInfo,
} from './core/errors.js';
export type { Logger } from './core/logger.js';
export type { ClientOptions } from './core/options.js';
export type { QueryValue } from './core/path.js';
export { Secret } from './core/redact.js';
export { isKnown, type OpenEnum } from './core/tolerant.js';
export { signRequest, type SignatureInput } from './core/signature.js';
export type { CallOptions, HttpMethod } from './core/transport.js';
export type { RetryEvent, RetryOptions } from './core/retry.js';
export { VERSION } from './version.js';
export {
  ACCESS_RULE_METHODS,
  accessRules,
  AccessRule,
  type AccessRuleGrant,
  AccessRuleInput,
  AccessRuleMethod,
  type RuleOptions,
} from './resources/access-rules.js';
export {
  AUTH_DETAILS_METHODS,
  AuthDetails,
  AuthResource,
  ConsumerKeyRequest,
  ConsumerKeyResponse,
  type PendingConsumerKey,
  type WaitOptions,
} from './resources/auth.js';
export { Cidr, isCidr } from './resources/cidr.js';
export { IsoDateTime, toDate } from './core/dates.js';
export {
  CREDENTIAL_STATES,
  Credential,
  CredentialFilter,
  CredentialState,
  type CredentialDetailsOptions,
  CredentialsResource,
  CredentialStatus,
  type DetailsList,
  type RevokeAllOptions,
  type RevokeReport,
  type RevokeSelector,
} from './resources/credentials.js';
export { APPLICATION_STATUSES, Application, ApplicationsResource, ApplicationStatus } from './resources/applications.js';
export {
  OAUTH2_FLOWS,
  OAuth2Client,
  OAuth2ClientCreate,
  OAuth2ClientsResource,
  OAuth2ClientUpdate,
  OAuth2Flow,
  type CreatedOAuth2Client,
} from './resources/oauth2-clients.js';
export { AI_TOKEN_ROLES, AiToken, AiTokenCreate, AiTokenRole, AiTokensResource, AiTokenSpec, ServiceName } from './resources/ai-tokens.js';
export { mapSettled, type BulkOptions, type ItemResult } from './core/concurrency.js';
export { WebPaasClient, type WebPaasClientOptions } from './webpaas/client.js';
export {
  WEBPAAS_API_URL,
  WEBPAAS_CLIENT_ID,
  WEBPAAS_ENV,
  WEBPAAS_TOKEN_URL,
  type WebPaasCredentialOptions,
} from './webpaas/config.js';
export { ActivityFailedError } from './webpaas/errors.js';
export {
  ACTIVITY_FAILURE_REASONS,
  ACTIVITY_RESULTS,
  ACTIVITY_STATES,
  ActivitiesResource,
  Activity,
  type ActivityList,
  type ActivityWaitOptions,
} from './webpaas/activities.js';
export {
  EnvironmentId,
  EnvironmentVariable,
  ProjectVariable,
  VariableCreate,
  VariableName,
  VariableRef,
  VariablesResource,
  VariableTarget,
  VariableUpdate,
  type Variable,
  type VariableDeleteResult,
  type VariableUpsertResult,
  type VariableWriteOptions,
  type VariableWriteResult,
} from './webpaas/variables.js';
