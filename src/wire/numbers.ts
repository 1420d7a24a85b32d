/**
 * Sinch Numbers API (v1) wire formats, shared by the client and the emulator. Source:
 * docs/sinch-wire.md. Numbers keep their `+` here; `money.amount` is a string.
 */

export const NUMBER_TYPES = ['MOBILE', 'LOCAL', 'TOLL_FREE'] as const;
export type NumberType = (typeof NUMBER_TYPES)[number];

export const NUMBER_CAPABILITIES = ['SMS', 'VOICE'] as const;
export type NumberCapability = (typeof NUMBER_CAPABILITIES)[number];

export interface Money {
  currencyCode: string;
  amount: string;
}

export interface ActiveNumber {
  phoneNumber: string;
  projectId: string;
  displayName?: string;
  regionCode: string;
  type: NumberType;
  /** Singular name on the wire, an array of capabilities. */
  capability: NumberCapability[];
  money?: Money;
  paymentIntervalMonths?: number;
  nextChargeDate?: string;
  expireAt?: string;
  smsConfiguration?: {
    servicePlanId?: string;
    campaignId?: string;
    scheduledProvisioning?: unknown;
  };
  voiceConfiguration?: Record<string, unknown>;
  callbackUrl?: string;
}

/** `GET /v1/projects/{project}/activeNumbers`. */
export interface ActiveNumberList {
  activeNumbers: ActiveNumber[];
  /** Absent or empty on the last page. */
  nextPageToken?: string;
  totalSize: number;
}

/** Query parameters of `GET /activeNumbers` (camelCase on the wire, dotted names for the pattern). */
export interface ActiveNumberQuery {
  pageSize?: number;
  pageToken?: string;
  regionCode?: string;
  type?: NumberType;
  capability?: NumberCapability;
  'numberPattern.pattern'?: string;
  'numberPattern.searchPattern'?: 'START' | 'CONTAINS' | 'END';
  orderBy?: string;
}
