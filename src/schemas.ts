// `ovh-credentials/schemas`: every zod schema the clients use, beside its type, for users who validate data themselves.
export { AccessRule, AccessRuleInput, AccessRuleMethod } from './resources/access-rules.schemas.js';
export { AuthDetails, ConsumerKeyRequest, ConsumerKeyResponse } from './resources/auth.schemas.js';
export { Credential, CredentialFilter, CredentialState, CredentialStatus } from './resources/credentials.schemas.js';
export { Application, ApplicationStatus } from './resources/applications.schemas.js';
export { OAuth2Client, OAuth2ClientCreate, OAuth2ClientSecret, OAuth2ClientUpdate, OAuth2Flow } from './resources/oauth2-clients.schemas.js';
export { AiToken, AiTokenCreate, AiTokenRole, AiTokenSpec } from './resources/ai-tokens.schemas.js';
export { ServiceName } from './resources/params.js';
export {
  IamCondition,
  IamPermissions,
  IamPermissionsGroup,
  IamPolicy,
  IamPolicyFilter,
  IamPolicyInput,
  IamPolicyResource,
} from './resources/iam.schemas.js';
export { Cidr } from './resources/cidr.js';
export { IsoDateTime } from './core/tolerant.js';
export { Activity, ProjectId } from './webpaas/activities.schemas.js';
export {
  EnvironmentId,
  EnvironmentVariable,
  ProjectVariable,
  VariableCreate,
  VariableName,
  VariableRef,
  VariableTarget,
  VariableUpdate,
} from './webpaas/variables.schemas.js';
