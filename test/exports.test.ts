// The public surface, pinned: what each entry point exports at run time. A change here is a change users see, and
// goes into the CHANGELOG.
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as schemas from '../src/schemas.js';
import * as webpaas from '../src/webpaas/index.js';

describe('entry points', () => {
  it('ovh-credentials: clients, errors, Secret and the helpers users call (types are compile-time only)', () => {
    expect(Object.keys(root).sort()).toEqual(
      [
        // the client
        'OvhClient',
        // errors
        'OvhAbortError',
        'AuthenticationError',
        'BadRequestError',
        'BulkOperationError',
        'ConfigError',
        'ConflictError',
        'ERROR_CHANNEL',
        'ForbiddenError',
        'InputValidationError',
        'NetworkError',
        'NotFoundError',
        'OvhApiError',
        'OvhError',
        'RateLimitError',
        'RedirectError',
        'ResponseTooLargeError',
        'ResponseValidationError',
        'ServerError',
        'OvhTimeoutError',
        'isOvhError',
        // helpers
        'Secret',
        'accessRules',
        'isKnown',
        'withUnknownFields',
        'toDate',
        'isCidr',
        'getEndpoint',
        'ENDPOINT_NAMES',
        'signRequest',
        'VERSION',
        // the known values of open enums, for isKnown
        'ACCESS_RULE_METHODS',
        'AI_TOKEN_ROLES',
        'APPLICATION_STATUSES',
        'AUTH_DETAILS_METHODS',
        'CREDENTIAL_STATES',
        'IAM_CONDITION_OPERATORS',
        'OAUTH2_FLOWS',
        // IAM helpers
        'iamUrn',
        'policyInput',
        'leastPrivilege',
        // the account audit's rule ids and default thresholds
        'AUDIT_RULE_IDS',
        'AUDIT_THRESHOLDS',
      ].sort(),
    );
  });

  it('ovh-credentials/webpaas: the Web PaaS client, its helpers, and the same error classes and Secret (one copy)', async () => {
    expect(Object.keys(webpaas).sort()).toEqual(
      [
        'WebPaasClient',
        'ActivityFailedError',
        'ACTIVITY_FAILURE_REASONS',
        'ACTIVITY_RESULTS',
        'ACTIVITY_STATES',
        'isActivityDone',
        'WEBPAAS_AUDIT_RULE_IDS',
        'WEBPAAS_API_URL',
        'WEBPAAS_CLIENT_ID',
        'WEBPAAS_ENV',
        'WEBPAAS_TOKEN_URL',
        'OvhAbortError',
        'AuthenticationError',
        'BadRequestError',
        'ConfigError',
        'ConflictError',
        'ERROR_CHANNEL',
        'ForbiddenError',
        'InputValidationError',
        'isOvhError',
        'NetworkError',
        'NotFoundError',
        'OvhApiError',
        'OvhError',
        'RateLimitError',
        'RedirectError',
        'ResponseTooLargeError',
        'ResponseValidationError',
        'ServerError',
        'OvhTimeoutError',
        'Secret',
        'isKnown',
        'withUnknownFields',
        'toDate',
      ].sort(),
    );
    expect(webpaas.OvhError).toBe(root.OvhError);
    expect(webpaas.Secret).toBe(root.Secret);
  });

  it('ovh-credentials/schemas: every zod schema, each parsing like the one the clients use', () => {
    expect(Object.keys(schemas).sort()).toEqual(
      [
        'AccessRule',
        'AccessRuleInput',
        'AccessRuleMethod',
        'Activity',
        'AiToken',
        'AiTokenCreate',
        'AiTokenRole',
        'AiTokenSpec',
        'Application',
        'ApplicationStatus',
        'AuthDetails',
        'Cidr',
        'ConsumerKeyRequest',
        'ConsumerKeyResponse',
        'Credential',
        'CredentialFilter',
        'CredentialState',
        'CredentialStatus',
        'EnvironmentId',
        'EnvironmentVariable',
        'IamCondition',
        'IamPermissions',
        'IamPermissionsGroup',
        'IamPolicy',
        'IamPolicyFilter',
        'IamPolicyInput',
        'IamPolicyResource',
        'IsoDateTime',
        'OAuth2Client',
        'OAuth2ClientCreate',
        'OAuth2ClientSecret',
        'OAuth2ClientUpdate',
        'OAuth2Flow',
        'ProjectId',
        'ProjectVariable',
        'ServiceName',
        'VariableCreate',
        'VariableName',
        'VariableRef',
        'VariableTarget',
        'VariableUpdate',
      ].sort(),
    );
    for (const value of Object.values(schemas)) expect(typeof (value as { safeParse?: unknown }).safeParse).toBe('function');
  });
});
