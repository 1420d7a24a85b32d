/**
 * Demo rented numbers for the default project: a mix of types and regions (docs/sinch-wire.md, ActiveNumber).
 * NANP 555-01xx and Ofcom's 07700 900xxx ranges are reserved for fiction, so no real phone is named.
 */
import type { ActiveNumber, NumberCapability, NumberType } from '../../wire/numbers';
import { DAY_MS, iso } from '../time';

interface DemoNumber {
  phoneNumber: string;
  displayName: string;
  regionCode: string;
  type: NumberType;
  capability: NumberCapability[];
  amount: string;
  chargeInDays: number;
}

export const DEMO_NUMBERS: readonly DemoNumber[] = [
  {
    phoneNumber: '+12025550142',
    displayName: 'Support line',
    regionCode: 'US',
    type: 'LOCAL',
    capability: ['SMS', 'VOICE'],
    amount: '2.00',
    chargeInDays: 12,
  },
  {
    phoneNumber: '+12025550173',
    displayName: 'Office voice',
    regionCode: 'US',
    type: 'LOCAL',
    capability: ['VOICE'],
    amount: '1.00',
    chargeInDays: 20,
  },
  {
    phoneNumber: '+18885550100',
    displayName: 'Toll-free hotline',
    regionCode: 'US',
    type: 'TOLL_FREE',
    capability: ['SMS', 'VOICE'],
    amount: '8.00',
    chargeInDays: 5,
  },
  {
    phoneNumber: '+447700900461',
    displayName: 'UK mobile',
    regionCode: 'GB',
    type: 'MOBILE',
    capability: ['SMS'],
    amount: '1.50',
    chargeInDays: 27,
  },
];

export function demoActiveNumber(n: DemoNumber, projectId: string, servicePlanId: string, nowMs: number): ActiveNumber {
  const nextCharge = nowMs + n.chargeInDays * DAY_MS;
  return {
    phoneNumber: n.phoneNumber,
    projectId,
    displayName: n.displayName,
    regionCode: n.regionCode,
    type: n.type,
    capability: n.capability,
    money: { currencyCode: 'USD', amount: n.amount },
    paymentIntervalMonths: 1,
    nextChargeDate: iso(nextCharge),
    expireAt: iso(nextCharge + 7 * DAY_MS),
    smsConfiguration: n.capability.includes('SMS') ? { servicePlanId } : undefined,
    voiceConfiguration: n.capability.includes('VOICE') ? { type: 'RTC' } : undefined,
    callbackUrl: '',
  };
}
