/** An ApprovalRequest as sinch_send_sms builds one, for the tests of what renders it (terminal, MCP). */
import type { ApprovalRequest } from '../../src/integration/approval';

export function approvalRequest(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    integration: 'sinch',
    function: 'sinch_send_sms',
    account: 'default',
    operation: 'write',
    title: 'Send an SMS to 2 recipients (1 part each, 2 messages)',
    fields: [
      { kind: 'value', label: 'from', value: '+12025550142' },
      { kind: 'list', label: 'to', items: ['+447700900123', '+12025550111'] },
      { kind: 'text', label: 'body', text: 'Hello there' },
    ],
    ...over,
  };
}
