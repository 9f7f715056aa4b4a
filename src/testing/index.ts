/**
 * `ovh-credentials/testing`: an in-memory OVH API simulator for tests, usable with msw, as a `fetch`, or as a
 * loopback HTTP server.
 */
export {
  OvhSimulator,
  type CreatePolicyInput,
  type CredentialTarget,
  type HandleContext,
  type ListenOptions,
  type OvhSimulatorOptions,
  type RecordedRequest,
  type SimulatorDefaults,
} from './ovh-simulator.js';
export { serve, isLoopbackHost, type FetchHandler, type ServeContext, type ServeOptions, type ServedHandler, type TlsOptions } from './server.js';
export { selfSignedCertificate, type SelfSignedCertificate, type SelfSignedOptions } from './self-signed.js';
export { dropConnection, isDroppedConnection, jsonResponse, errorResponse, QUERY_ID_HEADER, JSON_CONTENT_TYPE } from './http.js';
export { OVH_ERRORS, OVH_MESSAGES, type OvhErrorBody, type OvhErrorSpec } from './errors.js';
export { expectedSignature, verifySignature, type SignatureInput } from './signature.js';
export { accessPathMatches, isCallGranted, type AccessRule, type AccessRuleMethod } from './access-rules.js';
export { isIpAllowed } from './allowed-ips.js';
export { formatV1Date, formatV2Date } from './dates.js';
export type { DropNextOptions, FailNextOptions, FaultMatch } from './faults.js';
export type {
  AiTokenRole,
  ApplicationStatus,
  CredentialStatus,
  CredentialView,
  OAuth2Flow,
  SimAccessToken,
  SimAccount,
  SimAiToken,
  SimApplication,
  SimCredential,
  SimOAuth2Client,
  SimProject,
  SimulatorState,
} from './state.js';
export { SIM_PROJECT_ID } from './seed.js';
export {
  IAM_ROUTE_ACTIONS,
  iamGlobMatches,
  isIamAllowed,
  type IamActionOf,
  type IamPolicyAction,
  type IamPolicyCondition,
  type IamPolicyPermissions,
  type IamPolicyView,
  type IamRegion,
  type IamResourceType,
  type IamRouteAction,
  type SimIamPolicy,
} from './iam.js';
export { DEFAULT_POLICY_PAGE_SIZE } from './routes/iam-policies.js';
export type { Identity } from './route.js';
export {
  WebPaasSimulator,
  type SeedVariable,
  type WebPaasSimulatorDefaults,
  type WebPaasSimulatorOptions,
  type SimWebPaasActivity,
  type SimWebPaasApiToken,
  type SimWebPaasEnvironment,
  type SimWebPaasProject,
  type SimWebPaasVariable,
  type SimWebPaasAccessToken,
  type WebPaasState,
  type WriteAnswers,
} from './webpaas/index.js';
