// The public surface, pinned: what each entry point exports at run time. A change here is a change users see, and
// goes into the CHANGELOG.
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as schemas from '../src/schemas.js';

describe('entry points', () => {
  it('ovh-credentials: clients, errors, Secret and the helpers users call (types are compile-time only)', () => {
    expect(Object.keys(root).sort()).toEqual(
      [
        // clients
        'OvhClient',
        'WebPaasClient',
        // errors
        'AbortError',
        'ActivityFailedError',
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
        'ResponseValidationError',
        'ServerError',
        'TimeoutError',
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
        'ACTIVITY_FAILURE_REASONS',
        'ACTIVITY_RESULTS',
        'ACTIVITY_STATES',
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
      ].sort(),
    );
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
