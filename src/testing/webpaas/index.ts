/** The Web PaaS part of `ovh-credentials/testing`. */
export {
  WebPaasSimulator,
  type SeedVariable,
  type WebPaasSimulatorDefaults,
  type WebPaasSimulatorOptions,
} from './simulator.js';
export type { WriteAnswers } from './route.js';
export type {
  SimWebPaasActivity,
  SimWebPaasApiToken,
  SimWebPaasEnvironment,
  SimWebPaasProject,
  SimWebPaasVariable,
  SimWebPaasAccessToken,
  WebPaasState,
} from './state.js';
