// The Web PaaS enum values this SDK knows: typed lists users test values against (`isKnown`), and the open
// response enums of the schemas are built from. Plain data.

/** Activity states this SDK knows (the Upsun/Platform.sh OpenAPI spec's `Activity.state`). */
export const ACTIVITY_STATES = ['pending', 'scheduled', 'in_progress', 'staged', 'complete', 'cancelled'] as const;
/** Activity results this SDK knows; `null` until the activity ends. */
export const ACTIVITY_RESULTS = ['success', 'failure'] as const;
/** Why an activity failed, when it did. */
export const ACTIVITY_FAILURE_REASONS = ['error', 'shell'] as const;
