/**
 * What a person is asked to approve when a permission policy is `ask` (issue #10, "a prompt built from what
 * will be sent"). The integration builds it from the exact request it is about to send — normalised
 * recipients, the body as it will go out, computed encoding and parts — never from the script's raw input.
 *
 * It is data, not text: the terminal (src/terminal/), an MCP client's elicitation and the audit ledger each
 * render it their own way, and every renderer makes every character visible (nothing here is pre-escaped).
 * No Lua, no Sinch, no terminal: any layer may import it.
 */
import type { Operation } from './types';

/** One line: `label: value` (a sender, a schedule, a cost such as `2 parts × 3 recipients = 6 messages`). */
export interface ApprovalValue {
  readonly kind: 'value';
  readonly label: string;
  readonly value: string;
}

/** A list shown one item per line with its count (recipients; a group as `id (name, N members)`). */
export interface ApprovalList {
  readonly kind: 'list';
  readonly label: string;
  readonly items: readonly string[];
}

/** A multi-line text shown behind a gutter, with its length (a message body). */
export interface ApprovalText {
  readonly kind: 'text';
  readonly label: string;
  readonly text: string;
}

export type ApprovalField = ApprovalValue | ApprovalList | ApprovalText;

/** What a policy of `ask` needs a decision on. Plain, structured-clone-safe data (it crosses to the main thread). */
export interface ApprovalRequest {
  readonly integration: string;
  /** Published name, e.g. `sinch_send_sms`. */
  readonly function: string;
  readonly account: string;
  readonly operation: Operation;
  /**
   * One sentence in the integration's own words, built from trusted values only (counts, names of the
   * integration), e.g. `Send an SMS to 2 recipients (1 part each, 2 messages)`.
   */
  readonly title: string;
  /** The request field by field, in display order; values exactly as they will be sent. */
  readonly fields: readonly ApprovalField[];
}

/**
 * Asks a person; resolves true to allow. `signal` aborts when the run ends meanwhile (a renderer may take its
 * prompt down). Absent when nobody can be asked (then a policy of `ask` raises `approval_required`).
 */
export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<boolean>;
