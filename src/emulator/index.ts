/**
 * The Sinch-compatible emulator (docs/emulator.md): a local HTTP server that behaves like Sinch's SMS
 * (xms), Numbers and OAuth2 APIs. Shares nothing with the client in src/sinch but the wire types.
 */
export { startEmulator, createBackend, DEFAULT_SEED } from './server/start';
export type { EmulatorOptions, RunningEmulator } from './server/start';
export {
  EMULATOR_CREDENTIALS,
  EMULATOR_CREDENTIALS_2,
  DEFAULT_FROM,
  type ServicePlanConfig,
  type ProjectConfig,
} from './credentials';
export { DELIVERY_DELAY_MS } from './state/delivery';
export { DEFAULT_STORAGE_LIMITS, type StorageLimits } from './state/storage';
export { DEFAULT_TOKEN_TTL_SECONDS } from './state/tokens';
export { countSegments, type SegmentCount, type Encoding } from './segments';
export type { Backend } from './state/backend';
export type { Clock } from './clock';
