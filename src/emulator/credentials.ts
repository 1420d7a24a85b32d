/**
 * The emulator's accounts. The first service plan and project are the contract's public emulator
 * credentials (docs/contract.md, "Default credentials accepted by the emulator"); anything else is 401.
 * A second plan and project exist so that multi-account code (two service plans) has something to talk to.
 * These are not secrets: they only open the local emulator.
 */

/** One SMS service plan: `/xms/v1/{servicePlanId}` with `Authorization: Bearer {apiToken}`. */
export interface ServicePlanConfig {
  servicePlanId: string;
  apiToken: string;
  /** Originator used when a batch has no `from` (Sinch uses the plan's default originator). Digits, no `+`. */
  defaultFrom?: string;
}

/** One project: Numbers API, OAuth2 access keys and `/xms/v1/{projectId}` with an access token. */
export interface ProjectConfig {
  projectId: string;
  keyId: string;
  keySecret: string;
  /**
   * The service plan whose SMS state `/xms/v1/{projectId}` (OAuth2 auth) reads and writes, so that a batch
   * sent with either kind of credentials is visible with the other. Without it the project gets SMS state
   * of its own.
   */
  servicePlanId?: string;
}

export const EMULATOR_CREDENTIALS = {
  service_plan_id: 'emulator-plan',
  api_token: 'emulator-token',
  project_id: 'emulator-project',
  key_id: 'emulator-key',
  key_secret: 'emulator-secret',
} as const;

/** The second account, for tests that talk to two service plans (not part of the contract). */
export const EMULATOR_CREDENTIALS_2 = {
  service_plan_id: 'emulator-plan-2',
  api_token: 'emulator-token-2',
  project_id: 'emulator-project-2',
  key_id: 'emulator-key-2',
  key_secret: 'emulator-secret-2',
} as const;

/** The default plan's originator: the first demo number (seed/demo-numbers.ts), without `+`. */
export const DEFAULT_FROM = '12025550142';

export const DEFAULT_SERVICE_PLANS: readonly ServicePlanConfig[] = [
  {
    servicePlanId: EMULATOR_CREDENTIALS.service_plan_id,
    apiToken: EMULATOR_CREDENTIALS.api_token,
    defaultFrom: DEFAULT_FROM,
  },
  {
    servicePlanId: EMULATOR_CREDENTIALS_2.service_plan_id,
    apiToken: EMULATOR_CREDENTIALS_2.api_token,
    defaultFrom: '12025550188',
  },
];

export const DEFAULT_PROJECTS: readonly ProjectConfig[] = [
  {
    projectId: EMULATOR_CREDENTIALS.project_id,
    keyId: EMULATOR_CREDENTIALS.key_id,
    keySecret: EMULATOR_CREDENTIALS.key_secret,
    servicePlanId: EMULATOR_CREDENTIALS.service_plan_id,
  },
  {
    projectId: EMULATOR_CREDENTIALS_2.project_id,
    keyId: EMULATOR_CREDENTIALS_2.key_id,
    keySecret: EMULATOR_CREDENTIALS_2.key_secret,
    servicePlanId: EMULATOR_CREDENTIALS_2.service_plan_id,
  },
];
