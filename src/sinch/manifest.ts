/**
 * `manifest.json`, generated from the declarations (house style: a function is declared once and everything
 * else is derived). test/sinch/docs-and-manifest.test.ts fails when the file drifts from what this builds;
 * regenerate with `npx ts-node --transpile-only src/sinch/manifest-cli.ts > manifest.json` (or, after a build,
 * `node dist/sinch/manifest-cli.js > manifest.json`).
 */
import { paramsJsonSchema } from '../integration/describe';
import type { IntegrationDeclaration } from '../integration/types';
import { SMS_REGIONS } from '../wire/oauth';
import { DEFAULT_TIMEOUT_MS } from './config/account-config';
import { sinchIntegration } from './integration';

interface CredentialField {
  readonly name: string;
  readonly description: string;
  readonly secret: boolean;
  readonly required: boolean;
  readonly env?: string;
  readonly enum?: readonly string[];
  readonly default?: string | number;
}

/** docs/contract.md, "Accounts configuration". */
const CREDENTIAL_FIELDS: readonly CredentialField[] = [
  { name: 'service_plan_id', description: 'SMS service plan id.', secret: false, required: true, env: 'SINCH_SERVICE_PLAN_ID' },
  { name: 'api_token', description: 'API token of the service plan.', secret: true, required: true, env: 'SINCH_API_TOKEN' },
  { name: 'region', description: 'Region of the service plan.', secret: false, required: false, env: 'SINCH_REGION', enum: SMS_REGIONS, default: 'us' },
  { name: 'project_id', description: 'Sinch project id: for the phone-number functions, and SMS over OAuth2 (us, eu) when there is no api_token.', secret: false, required: false, env: 'SINCH_PROJECT_ID' },
  { name: 'key_id', description: 'Access key id of the project.', secret: false, required: false, env: 'SINCH_KEY_ID' },
  { name: 'key_secret', description: 'Access key secret of the project.', secret: true, required: false, env: 'SINCH_KEY_SECRET' },
  { name: 'sms_base_url', description: 'Overrides https://{region}.sms.api.sinch.com (e.g. an emulator).', secret: false, required: false },
  { name: 'numbers_base_url', description: 'Overrides https://numbers.api.sinch.com.', secret: false, required: false },
  { name: 'auth_base_url', description: 'Overrides https://auth.sinch.com.', secret: false, required: false },
  { name: 'timeout_ms', description: 'Per-request timeout in milliseconds.', secret: false, required: false, default: DEFAULT_TIMEOUT_MS },
];

export function buildManifest(integration: IntegrationDeclaration = sinchIntegration): Record<string, unknown> {
  return {
    name: integration.name,
    description: integration.description,
    category: integration.category,
    namespace: `app.integrations.${integration.name}`,
    docs: 'lua-docs/sinch.md',
    auth: { type: 'api_token', fields: CREDENTIAL_FIELDS },
    functions: integration.functions.map((fn) => ({
      name: fn.name,
      aliases: fn.aliases,
      operation: fn.operation,
      description: fn.description,
      parameters: paramsJsonSchema(fn),
    })),
  };
}

/** The file's exact text: two-space JSON and a final newline. */
export function renderManifest(): string {
  return `${JSON.stringify(buildManifest(), null, 2)}\n`;
}
