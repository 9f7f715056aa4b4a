// The enum values this SDK knows, per API enum: typed lists users test values against (`isKnown`), and the closed
// input enums and open response enums of the schemas are built from. Plain data.

/** The HTTP methods an access rule can grant, as OVH's `auth.HTTPMethodEnum` lists them. */
export const ACCESS_RULE_METHODS = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'] as const;
/** The roles of an AI token this SDK knows (`cloud.project.ai.TokenRoleEnum`). */
export const AI_TOKEN_ROLES = ['ai_training_operator', 'ai_training_read', 'quantum_operator', 'quantum_reader'] as const;
/** The statuses of an application this SDK knows (`api.ApplicationStatusEnum`). */
export const APPLICATION_STATUSES = ['active', 'blocked', 'inactive', 'trusted'] as const;
/** How the current credential authenticates, as `GET /auth/details` says (the values this SDK knows). */
export const AUTH_DETAILS_METHODS = ['account', 'oauth2_client_credentials', 'provider', 'user'] as const;
/** The states of a consumer key this SDK knows (`auth.CredentialStateEnum`). */
export const CREDENTIAL_STATES = ['expired', 'pendingValidation', 'refused', 'validated'] as const;
/** Operators of a policy condition this SDK knows. */
export const IAM_CONDITION_OPERATORS = ['AND', 'MATCH', 'NOT', 'OR'] as const;
/** The OAuth2 flows this SDK knows. */
export const OAUTH2_FLOWS = ['AUTHORIZATION_CODE', 'CLIENT_CREDENTIALS'] as const;
