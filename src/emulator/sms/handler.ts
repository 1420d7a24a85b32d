/** The signature of an SMS (xms) route handler: the request and the SMS state its credentials opened. */
import type { Reply, RequestContext } from '../server/context';
import type { SmsAccount } from '../state/sms-account';

export type SmsHandler = (ctx: RequestContext, account: SmsAccount) => Reply;

/** A JSON reply; `body` may be pre-serialized JSON text. */
export const ok = (body: unknown, status = 200): Reply => ({ status, body });
