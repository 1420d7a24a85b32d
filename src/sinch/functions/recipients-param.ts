/** The `to` parameter of send_sms and preview_sms: phone numbers and group ids, one string or a list. */
import { z } from 'zod';
import { MAX_RECIPIENTS } from '../../wire/sms';
import { E164_EXAMPLE } from '../params/fields';
import { GROUP_ID_EXAMPLE, isRecipient } from '../sms/recipients';

/** Built by the declarations' lazy `params` (src/integration/types.ts, `Declared`). */
export function recipientsParam() {
  const entry = z.string().refine(isRecipient, {
    message: `is neither a phone number in E.164 form nor a group id; expected e.g. "${E164_EXAMPLE}", or a group id as list_groups shows it ("${GROUP_ID_EXAMPLE}")`,
  });
  return z
    .union([z.array(entry).min(1).max(MAX_RECIPIENTS), entry], {
      error: (issue) =>
        Array.isArray(issue.input)
          ? `is a list of ${issue.input.length} recipients; expected 1 to ${MAX_RECIPIENTS}`
          : `expected a phone number or group id string, or a list of 1 to ${MAX_RECIPIENTS} of them`,
    })
    .describe(
      `Recipients: phone numbers in E.164 form ("${E164_EXAMPLE}") and/or group ids from list_groups (a group reaches its members and its child groups' members, each once); a list of 1 to ${MAX_RECIPIENTS}, or one string.`,
    );
}
