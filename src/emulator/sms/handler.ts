/** The signature of an SMS (xms) route handler: the request and the SMS state its credentials opened. */
import type { Reply, RequestContext } from '../server/context';
import type { SmsAccount } from '../state/sms-account';

export type SmsHandler = (ctx: RequestContext, account: SmsAccount) => Reply;

export { json, jsonText } from '../server/reply';
