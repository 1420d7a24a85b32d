/**
 * Recipients of a send as they will really be reached (issue #9, "Groups as recipients"): `to` may mix phone
 * numbers and group ids (as list_groups shows them); each group is resolved to its name and its members, and
 * its child groups to theirs, as Sinch expands them when it sends (docs/sinch-wire.md, "SMS: groups"), each
 * number once.
 *
 * Latency: the groups of one level are read concurrently (`GET /groups/{id}` and `GET /groups/{id}/members`
 * side by side), so a send to any number of groups costs one extra round trip, plus one per level of child
 * groups (docs/performance.md, "Round trips"). A send without groups costs nothing here.
 *
 * An unknown group id is an `invalid_argument` before anything is sent (Sinch would answer 403
 * `unknown_group`); a child group that no longer exists counts as empty, as Sinch treats a deleted group.
 * Sinch evaluates groups when it sends: for a scheduled send, membership may change before `send_at`.
 */
import { IntegrationError } from '../../errors';
import type { Group } from '../../wire/sms';
import type { RequestOptions, SinchClient } from '../client/sinch-client';
import { NotFoundError } from '../http/api-errors';
import { normalizeE164 } from '../params/phone';

/** A group id as list_groups shows it: letters and digits (and `-`, `_`), with at least one letter. */
const GROUP_ID = /^(?=.*[A-Za-z])[A-Za-z0-9_-]{1,64}$/;

export const GROUP_ID_EXAMPLE = '01W4FFL35P4NC4K35SMSGROUP1';

/** Whether a `to` entry is a group id (a phone number never is: it has no letter). */
export function isGroupId(entry: string): boolean {
  return normalizeE164(entry) === undefined && GROUP_ID.test(entry.trim());
}

/** Whether a `to` entry is a phone number or a group id. */
export function isRecipient(entry: string): boolean {
  return normalizeE164(entry) !== undefined || GROUP_ID.test(entry.trim());
}

export interface ResolvedGroup {
  readonly id: string;
  readonly name?: string;
  /** Every number the group reaches, its child groups' members included, `+digits`, each once. */
  readonly members: string[];
  /** The child groups reached through it (all levels). */
  readonly child_groups: string[];
}

export interface Recipient {
  /** `+digits`. */
  readonly number: string;
  /** For a number reached only through a group: `member of group "Name" (01W...)`. */
  readonly via?: string;
}

export interface ResolvedRecipients {
  /** `to` as sent: numbers as `+digits`, group ids as given. */
  readonly to: string[];
  /** Every number the send reaches, each once, in `to` order with groups expanded in place. */
  readonly recipients: Recipient[];
  /** The groups in `to`, in order. */
  readonly groups: ResolvedGroup[];
}

interface GroupRead {
  readonly group: Group | undefined;
  readonly members: string[];
}

function plus(number: string): string {
  return normalizeE164(number) ?? `+${number.replace(/\D/g, '')}`;
}

/** `GET /groups/{id}` and `.../members` side by side; a missing group reads as undefined. */
async function readGroup(client: SinchClient, id: string, options: RequestOptions): Promise<GroupRead> {
  try {
    const [group, members] = await Promise.all([client.getGroup(id, options), client.listGroupMembers(id, options)]);
    return { group, members };
  } catch (error) {
    if (error instanceof NotFoundError) return { group: undefined, members: [] };
    throw error;
  }
}

/**
 * Read every group in `ids` and, level by level, their child groups: one round trip per level, each group
 * read once even when several parents name it (or child groups form a cycle).
 */
export async function readGroupTree(client: SinchClient, ids: readonly string[], options: RequestOptions): Promise<Map<string, GroupRead>> {
  const reads = new Map<string, GroupRead>();
  let level = [...new Set(ids)];
  while (level.length > 0) {
    const results = await Promise.all(level.map((id) => readGroup(client, id, options)));
    const next = new Set<string>();
    level.forEach((id, i) => {
      reads.set(id, results[i]);
      for (const child of results[i].group?.child_groups ?? []) if (!reads.has(child) && !level.includes(child)) next.add(child);
    });
    level = [...next];
  }
  return reads;
}

/** A group's members and child groups, all levels, each once. */
function expand(id: string, reads: ReadonlyMap<string, GroupRead>): { members: string[]; children: string[] } {
  const members = new Set<string>();
  const children: string[] = [];
  const visit = (groupId: string, seen: Set<string>) => {
    if (seen.has(groupId)) return;
    seen.add(groupId);
    const read = reads.get(groupId);
    if (read === undefined) return;
    for (const member of read.members) members.add(plus(member));
    for (const child of read.group?.child_groups ?? []) {
      if (!children.includes(child) && child !== id) children.push(child);
      visit(child, seen);
    }
  };
  visit(id, new Set());
  return { members: [...members], children };
}

/** `id (group "Name", 3 members)`: how approval prompts and messages name a group. */
export function describeGroup(group: ResolvedGroup): string {
  const name = group.name !== undefined ? `"${group.name}"` : '(no name)';
  const n = group.members.length;
  const children = group.child_groups.length > 0 ? `, ${group.child_groups.length} child group${group.child_groups.length === 1 ? '' : 's'}` : '';
  return `${group.id} (group ${name}, ${n} member${n === 1 ? '' : 's'}${children})`;
}

/** `to` entries without groups: resolved at once, no request (the common case). */
function numbersOnly(entries: readonly string[]): ResolvedRecipients {
  const to = entries.map((entry) => normalizeE164(entry) as string);
  const seen = new Set<string>();
  const recipients: Recipient[] = [];
  for (const number of to) {
    if (seen.has(number)) continue;
    seen.add(number);
    recipients.push({ number });
  }
  return { to, recipients, groups: [] };
}

/**
 * Resolve `to` (validated: numbers and group ids). Synchronous when there is no group; otherwise one round
 * trip per level of groups. `functionName` names the function in errors.
 */
export function resolveRecipients(
  functionName: string,
  entries: readonly string[],
  client: SinchClient,
  options: RequestOptions,
): ResolvedRecipients | Promise<ResolvedRecipients> {
  const groupIds = entries.filter(isGroupId).map((entry) => entry.trim());
  if (groupIds.length === 0) return numbersOnly(entries);
  return readGroupTree(client, groupIds, options).then((reads) => {
    const to: string[] = [];
    const groups: ResolvedGroup[] = [];
    const recipients: Recipient[] = [];
    const seen = new Set<string>();
    const add = (number: string, via?: string) => {
      if (seen.has(number)) return;
      seen.add(number);
      recipients.push(via === undefined ? { number } : { number, via });
    };
    entries.forEach((entry, index) => {
      if (!isGroupId(entry)) {
        const number = normalizeE164(entry) as string;
        to.push(number);
        add(number);
        return;
      }
      const id = entry.trim();
      const read = reads.get(id);
      if (read?.group === undefined) {
        throw new IntegrationError(
          'invalid_argument',
          `${functionName}: invalid argument 'to[${index + 1}]': "${id}" is not a group of this service plan (nor a phone number); ` +
            'expected a phone number in E.164 form or a group id that list_groups shows',
          { function: functionName, field: `to[${index + 1}]`, sinch_code: 'unknown_group', expected: 'a phone number or a group id from list_groups' },
        );
      }
      to.push(id);
      const { members, children } = expand(id, reads);
      const group: ResolvedGroup = { id, ...(read.group.name !== undefined ? { name: read.group.name } : {}), members, child_groups: children };
      if (!groups.some((g) => g.id === id)) groups.push(group);
      const via = `member of group ${group.name !== undefined ? `"${group.name}"` : id}`;
      for (const number of members) add(number, via);
    });
    return { to, recipients, groups };
  });
}
