// Which of our schemas answers to which published model, with a sample each schema accepts and the deviations we
// keep on purpose (each with its reason). The drift check (drift.ts) reads this.
import { AccessRule, AccessRuleInput } from '../../src/resources/access-rules.schemas.js';
import { AiToken, AiTokenCreate, AiTokenSpec } from '../../src/resources/ai-tokens.schemas.js';
import { Application } from '../../src/resources/applications.schemas.js';
import { AuthDetails, ConsumerKeyRequest, ConsumerKeyResponse } from '../../src/resources/auth.schemas.js';
import { Credential } from '../../src/resources/credentials.schemas.js';
import { IamCondition, IamPermissionsGroup, IamPolicy, IamPolicyInput, IamPolicyResource } from '../../src/resources/iam.schemas.js';
import { Me } from '../../src/resources/iam.js';
import { OAuth2Client, OAuth2ClientCreate, OAuth2ClientSecret, OAuth2ClientUpdate } from '../../src/resources/oauth2-clients.schemas.js';
import { Activity } from '../../src/webpaas/activities.schemas.js';
import { WebPaasErrorBody } from '../../src/webpaas/errors.js';
import { EnvironmentVariable, ProjectVariable, VariableCreate, VariableUpdate } from '../../src/webpaas/variables.schemas.js';
import type { Binding } from './drift.js';

const V1_DATE = '2020-03-28T08:07:14+01:00';
const rule = { method: 'GET', path: '/me' };

/** OVH API v1 (auth, me, cloud): schemas/published/ovh-v1.json. */
export const ovhBindings: readonly Binding[] = [
  {
    model: 'auth.ApiCredential',
    schema: Credential,
    name: 'Credential',
    direction: 'output',
    sample: {
      credentialId: 1,
      applicationId: 2,
      creation: V1_DATE,
      expiration: null,
      lastUse: null,
      ovhSupport: false,
      rules: [rule],
      status: 'validated',
      allowedIPs: null,
    },
  },
  { model: 'auth.AccessRule', schema: AccessRule, name: 'AccessRule', direction: 'output', sample: rule },
  {
    model: 'auth.AccessRuleRequest',
    schema: AccessRuleInput,
    name: 'AccessRuleInput',
    direction: 'input',
    sample: rule,
    intended: {
      'method:optional': 'OVH marks every field of a request model optional; a rule without a method grants nothing, so we require it',
      'path:optional': 'OVH marks every field of a request model optional; a rule without a path grants nothing, so we require it',
    },
  },
  {
    model: 'auth.ApiCredentialRequestParams',
    schema: ConsumerKeyRequest,
    name: 'ConsumerKeyRequest',
    direction: 'input',
    sample: { accessRules: [rule] },
  },
  {
    model: 'auth.ApiCredentialRequest',
    schema: ConsumerKeyResponse,
    name: 'ConsumerKeyResponse',
    direction: 'output',
    sample: {
      consumerKey: 'MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1',
      state: 'pendingValidation',
      validationUrl: 'https://eu.api.ovh.com/auth/?credentialToken=x',
    },
  },
  {
    model: 'auth.Credential',
    schema: ConsumerKeyResponse,
    name: 'ConsumerKeyResponse',
    direction: 'output',
    sample: { consumerKey: 'MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1', state: 'pendingValidation', validationUrl: null },
  },
  {
    model: 'auth.Details',
    schema: AuthDetails,
    name: 'AuthDetails',
    direction: 'output',
    sample: { account: 'ab12345-ovh', allowedRoutes: [rule], description: null, identities: [], method: 'account', roles: null, user: null },
  },
  {
    model: 'auth.ApiApplication',
    schema: Application,
    name: 'Application',
    direction: 'output',
    sample: { applicationId: 1, applicationKey: 'AK', description: 'd', name: 'n', status: 'active' },
  },
  {
    model: 'oauth2.client',
    schema: OAuth2Client,
    name: 'OAuth2Client',
    direction: 'output',
    sample: { callbackUrls: null, clientId: 'EU.1', createdAt: V1_DATE, description: 'd', flow: 'CLIENT_CREDENTIALS', identity: null, name: 'n' },
  },
  {
    model: 'oauth2.client',
    schema: OAuth2ClientUpdate,
    name: 'OAuth2ClientUpdate',
    direction: 'input',
    only: ['callbackUrls', 'description', 'name'],
    sample: { name: 'n', description: 'd', callbackUrls: ['com.example.app:/callback'] },
    intended: {
      'name:required': 'PUT takes only the fields to change; omitted ones keep their value',
      'description:required': 'PUT takes only the fields to change; omitted ones keep their value',
    },
  },
  {
    model: 'oauth2.clientRequest',
    schema: OAuth2ClientCreate,
    name: 'OAuth2ClientCreate',
    direction: 'input',
    sample: { name: 'n', description: 'd', flow: 'CLIENT_CREDENTIALS', callbackUrls: ['https://app.example.com/callback'] },
  },
  {
    model: 'oauth2.clientSecret',
    schema: OAuth2ClientSecret,
    name: 'OAuth2ClientSecret',
    direction: 'output',
    sample: { clientId: 'EU.1', clientSecret: 's3cret' },
  },
  {
    model: 'cloud.project.ai.token.Token',
    schema: AiToken,
    name: 'AiToken',
    direction: 'output',
    sample: {
      id: '3c1d2f4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      createdAt: V1_DATE,
      updatedAt: V1_DATE,
      spec: { name: 'n', region: 'GRA', role: 'ai_training_read', labelSelector: null },
      status: { version: 1 },
    },
  },
  {
    model: 'cloud.project.ai.token.TokenSpec',
    schema: AiTokenSpec,
    name: 'AiTokenSpec',
    direction: 'output',
    sample: { name: 'n', region: 'GRA', role: 'ai_training_read', labelSelector: null },
  },
  {
    model: 'cloud.project.ai.token.TokenStatus',
    schema: AiToken.shape.status,
    name: 'AiToken.status',
    direction: 'output',
    sample: { version: 1 },
  },
  {
    model: 'cloud.project.ai.token.TokenSpec',
    schema: AiTokenCreate,
    name: 'AiTokenCreate',
    direction: 'input',
    sample: { name: 'n', role: 'ai_training_read', region: 'GRA', labelSelector: 'team=vision' },
    aliases: { role: { values: ['read', 'operator'], why: 'the ovhai CLI shorthands, sent as ai_training_read / ai_training_operator' } },
    intended: { 'region:required': 'region defaults to GRA, so the body always carries one' },
  },
  {
    model: 'nichandle.Nichandle',
    schema: Me,
    name: 'Me (iam.nichandle)',
    direction: 'output',
    only: ['nichandle'],
    sample: { nichandle: 'xx1111-ovh' },
  },
];

const V2_DATE = '2023-03-21T15:40:05.213Z';
const ACCOUNT = 'urn:v1:eu:resource:account:xx1111-ovh';
const IDENTITY = 'urn:v1:eu:identity:credential:xx1111-ovh/oauth2-EU.1';
const policyInput = {
  name: 'ci',
  identities: [IDENTITY],
  resources: [{ urn: ACCOUNT }],
  permissions: { allow: [{ action: 'account:apiovh:me/get' }] },
};
const singleResource = {
  id: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  name: 'xx1111-ovh',
  displayName: 'xx1111-ovh',
  owner: 'xx1111-ovh',
  type: 'account',
  tags: null,
};

/** OVH API v2 (iam): schemas/published/ovh-v2.json. */
export const ovhV2Bindings: readonly Binding[] = [
  {
    model: 'iam.policy.Response',
    schema: IamPolicy,
    name: 'IamPolicy',
    direction: 'output',
    sample: {
      id: '5f3e1c2a-7b9d-4e8f-a1b2-c3d4e5f60718',
      name: 'ci',
      description: null,
      identities: [IDENTITY],
      resources: [{ urn: ACCOUNT }],
      permissions: { allow: [{ action: 'account:apiovh:me/get' }] },
      permissionsGroups: [],
      conditions: null,
      expiredAt: null,
      owner: 'xx1111-ovh',
      readOnly: false,
      createdAt: V2_DATE,
      updatedAt: null,
    },
  },
  { model: 'iam.policy.Creation', schema: IamPolicyInput, name: 'IamPolicyInput', direction: 'input', sample: policyInput },
  { model: 'iam.policy.Update', schema: IamPolicyInput, name: 'IamPolicyInput', direction: 'input', sample: policyInput },
  {
    model: 'iam.policy.Condition',
    schema: IamCondition,
    name: 'IamCondition',
    direction: 'output',
    sample: { operator: 'MATCH', values: { 'resource.Tag(environment)': 'production' }, conditions: null },
  },
  {
    model: 'iam.policy.PermissionsGroup',
    schema: IamPermissionsGroup,
    name: 'IamPermissionsGroup',
    direction: 'output',
    sample: { urn: 'urn:v1:eu:permissionsGroup:ovh:controlPanelAccess', name: 'controlPanelAccess', owner: 'ovh', permissions: null },
  },
  {
    model: 'iam.policy.Resource',
    schema: IamPolicyResource,
    name: 'IamPolicyResource',
    direction: 'output',
    sample: { urn: ACCOUNT, group: null, resource: singleResource },
  },
  {
    model: 'iam.policy.SingleResource',
    schema: IamPolicyResource.shape.resource.unwrap().unwrap(),
    name: 'IamPolicyResource.resource',
    direction: 'output',
    sample: singleResource,
  },
];

const VARIABLE_RENAMES = {
  is_json: 'json',
  is_sensitive: 'sensitive',
  visible_build: 'visibleBuild',
  visible_runtime: 'visibleRuntime',
  application_scope: 'applicationScope',
  is_enabled: 'enabled',
  is_inheritable: 'inheritable',
} as const;
const PATH_PARAMS = { project: 'the project id goes in the path', environment: 'the environment id goes in the path' };
const WEBPAAS_DATE = '2026-03-01T09:15:30+00:00';
const projectVariable = {
  id: 'X',
  name: 'X',
  value: 'v',
  attributes: {},
  is_json: false,
  is_sensitive: false,
  visible_build: true,
  visible_runtime: true,
  application_scope: [],
  created_at: WEBPAAS_DATE,
  updated_at: null,
};
const OLDER_API = 'missing on older API versions (API-NOTES): accepted when absent';

/** Web PaaS (the Upsun/Platform.sh OpenAPI spec): schemas/published/webpaas.json. */
export const webpaasBindings: readonly Binding[] = [
  {
    model: 'ProjectVariable',
    schema: ProjectVariable,
    name: 'ProjectVariable',
    direction: 'output',
    sample: projectVariable,
    intended: { 'application_scope:liberal': OLDER_API },
  },
  {
    model: 'EnvironmentVariable',
    schema: EnvironmentVariable,
    name: 'EnvironmentVariable',
    direction: 'output',
    sample: { ...projectVariable, project: 'p', environment: 'main', inherited: false, is_enabled: true, is_inheritable: true },
    intended: { 'application_scope:liberal': OLDER_API },
  },
  { model: 'Activity', schema: Activity, name: 'Activity', direction: 'output', sample: { id: 'a1', state: 'complete' } },
  {
    model: 'Error',
    schema: WebPaasErrorBody,
    name: 'WebPaasErrorBody',
    direction: 'output',
    sample: { error: 'Not Found' },
    intended: Object.fromEntries(
      ['message', 'detail', 'title', 'error_description'].map((f) => [
        `${f}:extra-field`,
        "the error mapper also reads the API's problem details ({ message, detail, title }) and the token endpoint's OAuth errors",
      ]),
    ),
  },
  {
    model: 'ProjectVariableCreateInput',
    schema: VariableCreate,
    name: 'VariableCreate',
    direction: 'input',
    sample: { project: 'p', name: 'X', value: 'v', json: false },
    rename: VARIABLE_RENAMES,
    notInBody: { ...PATH_PARAMS },
    intended: {
      'is_inheritable:extra-field': 'environment level only: refused before sending at project level',
      'is_enabled:extra-field': 'environment level only: refused before sending at project level',
    },
  },
  {
    model: 'EnvironmentVariableCreateInput',
    schema: VariableCreate,
    name: 'VariableCreate',
    direction: 'input',
    sample: { project: 'p', environment: 'main', name: 'X', value: 'v', json: false },
    rename: VARIABLE_RENAMES,
    notInBody: { ...PATH_PARAMS },
  },
  {
    model: 'ProjectVariablePatch',
    schema: VariableUpdate,
    name: 'VariableUpdate',
    direction: 'input',
    sample: { project: 'p', name: 'X', value: 'v', json: false },
    rename: { ...VARIABLE_RENAMES, name: null },
    notInBody: { ...PATH_PARAMS, name: 'the variable name goes in the path; it cannot be changed (API-NOTES), so the body never carries it' },
    intended: {
      'is_inheritable:extra-field': 'environment level only: refused before sending at project level',
      'is_enabled:extra-field': 'environment level only: refused before sending at project level',
    },
  },
  {
    model: 'EnvironmentVariablePatch',
    schema: VariableUpdate,
    name: 'VariableUpdate',
    direction: 'input',
    sample: { project: 'p', environment: 'main', name: 'X', value: 'v', json: false },
    rename: { ...VARIABLE_RENAMES, name: null },
    notInBody: { ...PATH_PARAMS, name: 'the variable name goes in the path; it cannot be changed (API-NOTES), so the body never carries it' },
  },
];
