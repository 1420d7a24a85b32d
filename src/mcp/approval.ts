/**
 * Asking the person through the client (issue #11, item 5): under a policy of `ask`, a write is shown with
 * MCP elicitation (`elicitation/create`, form mode) when the client declared the capability; otherwise the
 * run has no approver and the policy refuses with `approval_required` (src/integration/permission-check.ts).
 *
 * What is shown is the plan's ApprovalRequest — what will be sent, not what the caller wrote — as plain text
 * in which every value is made visible (`makeVisible(text, 'field')`: no control, bidi, invisible or line-break
 * character survives), and only our own lines start at the left edge: values follow their label, list items
 * their number, text lines the gutter `│` — as in the terminal prompt (src/terminal/approval-view.ts), whose
 * width-driven layout a client's dialog does not need.
 *
 * Only an explicit yes allows: `accept` with `approve: true`. A decline, a dismissal (`cancel`), `approve:
 * false`, an answer that does not fit the form, an elicitation that fails, or none within APPROVAL_TIMEOUT_MS
 * counts as "no" (approval_denied); nothing is done.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ElicitRequestFormParams, RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalField, ApprovalRequest, Approver } from '../integration/approval';
import { makeVisible } from '../terminal/visible';

/** How long a person has to answer (a client that never answers must not hold a call forever). */
export const APPROVAL_TIMEOUT_MS = 10 * 60_000;

const visible = (text: string) => makeVisible(text, 'field');
const count = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

function fieldLines(field: ApprovalField): string[] {
  const label = visible(field.label);
  switch (field.kind) {
    case 'value':
      return [`  ${label}: ${visible(field.value)}`];
    case 'list': {
      const width = String(field.items.length).length;
      return [`  ${label} (${field.items.length}):`, ...field.items.map((item, i) => `    ${String(i + 1).padStart(width)}. ${visible(item)}`)];
    }
    case 'text': {
      const characters = [...field.text].length;
      if (characters === 0) return [`  ${label}: empty`];
      const lines = field.text.split('\n');
      return [`  ${label}: ${count(characters, 'character')}, ${count(lines.length, 'line')}`, ...lines.map((line) => `    │ ${visible(line)}`)];
    }
  }
}

/** The elicitation's message: the request field by field, every character visible, nothing left out. */
export function approvalText(request: ApprovalRequest): string {
  return [
    `Approval needed: ${visible(request.title)}`,
    `  account: ${visible(request.account)} (${visible(request.integration)}, ${visible(request.function)}, ${request.operation})`,
    ...request.fields.flatMap(fieldLines),
    '',
    'Every value is shown exactly as it will be sent: \\n, \\t, \\e, \\u{202E} and the like stand for line breaks, tabs, ' +
      'control and invisible characters, and \\\\ for a backslash.',
    'Check "approve" and accept to allow exactly this; anything else refuses it and nothing is done.',
  ].join('\n');
}

/** The form: one boolean, false unless the person checks it. */
export function approvalForm(request: ApprovalRequest): ElicitRequestFormParams['requestedSchema'] {
  return {
    type: 'object',
    properties: {
      approve: {
        type: 'boolean',
        title: 'Approve',
        description: `Allow: ${visible(request.title)} (account '${visible(request.account)}')`,
        default: false,
      },
    },
    required: ['approve'],
  };
}

/**
 * An Approver that asks through `server`'s client, or undefined when the client cannot be asked (it did not
 * declare form elicitation). `relatedRequestId`: the tool call the question belongs to.
 */
export function elicitingApprover(server: Server, relatedRequestId: RequestId): Approver | undefined {
  if (server.getClientCapabilities()?.elicitation?.form === undefined) return undefined;
  return async (request, signal) => {
    try {
      const answer = await server.elicitInput(
        { mode: 'form', message: approvalText(request), requestedSchema: approvalForm(request) },
        { signal, timeout: APPROVAL_TIMEOUT_MS, relatedRequestId },
      );
      return answer.action === 'accept' && answer.content?.approve === true;
    } catch {
      return false;
    }
  };
}
