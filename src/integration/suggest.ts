/**
 * "Did you mean" suggestions for unknown functions, accounts, parameters and doc pages: likely guesses
 * first (LIKELY_GUESSES), then names close in spelling.
 */

/**
 * What agents write for something that exists under another name (issue #16): a guess → the names it
 * means. One table for every context: a target is suggested only where it exists, so `text` suggests the
 * function `send_sms` among functions and the parameter `body` among send_sms's parameters. The targets are
 * the integrations' short function names and parameter names (names only: nothing here calls them). Keys
 * are snake_case; lookups also try camelCase converted (`sendMessage`) and the guess without a leading `sinch_`,
 * `get_`, `list_`... (`sinch_send_message`, `get_inbox`).
 */
const LIKELY_GUESSES = new Map<string, readonly string[]>(
  Object.entries({
    // functions
    send: ['send_sms'],
    sms: ['send_sms', 'body'],
    text: ['send_sms', 'body'],
    message: ['send_sms', 'body'],
    send_message: ['send_sms'],
    send_messages: ['send_sms'],
    send_text: ['send_sms'],
    send_texts: ['send_sms'],
    text_message: ['send_sms'],
    send_text_message: ['send_sms'],
    send_sms_message: ['send_sms'],
    create_message: ['send_sms'],
    post_message: ['send_sms'],
    create_batch: ['send_sms'],
    send_batch: ['send_sms'],
    reply: ['send_sms'],
    send_reply: ['send_sms'],
    reply_to: ['send_sms'],
    respond: ['send_sms'],
    send_response: ['send_sms'],
    notify: ['send_sms'],
    send_notification: ['send_sms'],
    inbox: ['list_messages'],
    inbound: ['list_messages'],
    inbounds: ['list_messages'],
    list_inbound: ['list_messages'],
    list_inbounds: ['list_messages'],
    get_inbound: ['list_messages'],
    get_inbounds: ['list_messages'],
    messages: ['list_messages'],
    get_messages: ['list_messages'],
    read_messages: ['list_messages'],
    fetch_messages: ['list_messages'],
    search_messages: ['list_messages'],
    receive: ['list_messages'],
    receive_sms: ['list_messages'],
    receive_messages: ['list_messages'],
    received: ['list_messages'],
    incoming: ['list_messages'],
    incoming_messages: ['list_messages'],
    list_received: ['list_messages'],
    replies: ['list_messages'],
    list_replies: ['list_messages'],
    get_replies: ['list_messages'],
    list_sms: ['list_messages'],
    get_sms: ['list_messages'],
    read_sms: ['list_messages'],
    history: ['list_messages'],
    message_history: ['list_messages'],
    conversation: ['list_messages'],
    outbox: ['list_batches'],
    sent: ['list_batches'],
    list_sent: ['list_batches'],
    sent_messages: ['list_batches'],
    batches: ['list_batches'],
    get_batches: ['list_batches'],
    batch: ['get_batch', 'batch_id'],
    read_batch: ['get_batch'],
    batch_status: ['get_delivery_report'],
    delivery_report: ['get_delivery_report', 'delivery_report'],
    delivery_reports: ['list_delivery_reports'],
    delivery_status: ['get_delivery_report'],
    delivery: ['get_delivery_report'],
    message_status: ['get_recipient_delivery_report'],
    sms_status: ['get_recipient_delivery_report'],
    recipient_status: ['get_recipient_delivery_report'],
    recipient_report: ['get_recipient_delivery_report'],
    report: ['get_delivery_report'],
    reports: ['list_delivery_reports'],
    status: ['get_delivery_report', 'status'],
    was_delivered: ['get_recipient_delivery_report'],
    cancel: ['cancel_batch'],
    cancel_sms: ['cancel_batch'],
    cancel_message: ['cancel_batch'],
    cancel_scheduled: ['cancel_batch'],
    delete_batch: ['cancel_batch'],
    unschedule: ['cancel_batch'],
    preview: ['preview_sms'],
    estimate: ['preview_sms'],
    estimate_cost: ['preview_sms'],
    cost: ['preview_sms'],
    price: ['preview_sms'],
    segments: ['preview_sms'],
    count_segments: ['preview_sms'],
    count_parts: ['preview_sms'],
    dry_run: ['preview_sms', 'dry_run'],
    dryrun: ['preview_sms', 'dry_run'],
    numbers: ['list_phone_numbers', 'to'],
    phone_numbers: ['list_phone_numbers'],
    list_numbers: ['list_phone_numbers'],
    get_numbers: ['list_phone_numbers'],
    get_phone_numbers: ['list_phone_numbers'],
    active_numbers: ['list_phone_numbers'],
    list_active_numbers: ['list_phone_numbers'],
    my_numbers: ['list_phone_numbers'],
    senders: ['list_phone_numbers'],
    list_senders: ['list_phone_numbers'],
    number: ['get_phone_number', 'to', 'recipient'],
    phone_number: ['get_phone_number', 'to', 'recipient'],
    msisdn: ['recipient', 'to'],
    get_number: ['get_phone_number'],
    lookup_number: ['get_phone_number'],
    groups: ['list_groups'],
    get_groups: ['list_groups'],
    contacts: ['list_groups'],
    list_contacts: ['list_groups'],
    contact_groups: ['list_groups'],
    group: ['get_group', 'group_id'],
    read_group: ['get_group'],
    members: ['list_group_members'],
    group_members: ['list_group_members'],
    list_members: ['list_group_members'],
    children: ['include_child_groups'],
    child_groups: ['include_child_groups'],
    recursive: ['include_child_groups'],
    // parameters
    msg: ['body'],
    content: ['body'],
    body_text: ['body'],
    recipient: ['to'],
    recipients: ['to'],
    destination: ['to'],
    destinations: ['to'],
    phone: ['to'],
    mobile: ['to'],
    to_number: ['to'],
    sender: ['from'],
    sender_number: ['from'],
    from_phone: ['from'],
    sender_id: ['from'],
    from_number: ['from'],
    originator: ['from'],
    variables: ['parameters'],
    vars: ['parameters'],
    params: ['parameters'],
    placeholders: ['parameters'],
    template_params: ['parameters'],
    template_parameters: ['parameters'],
    substitutions: ['parameters'],
    personalization: ['parameters'],
    personalisation: ['parameters'],
    group_id: ['to', 'group_id'],
    group_ids: ['to'],
    groups_to: ['to'],
    id: ['batch_id', 'group_id'],
    batchid: ['batch_id'],
    allow_duplicates: ['allow_duplicate'],
    force_duplicate: ['allow_duplicate'],
    report_type: ['type'],
    limit: ['page_size'],
    per_page: ['page_size'],
    count: ['page_size'],
    max_results: ['page_size'],
    offset: ['page'],
    since: ['start_date'],
    from_date: ['start_date'],
    start: ['start_date'],
    after: ['start_date'],
    until: ['end_date'],
    to_date: ['end_date'],
    end: ['end_date'],
    before: ['end_date'],
    reference: ['client_reference'],
    ref: ['client_reference'],
    idempotency_key: ['client_reference'],
    external_id: ['client_reference'],
    schedule: ['send_at'],
    scheduled_at: ['send_at'],
    send_time: ['send_at'],
    expires_at: ['expire_at'],
    expiry: ['expire_at'],
    type: ['direction'],
  }),
);

/** Leading words a guess is also looked up without (`sinch_send_message`, `get_inbox`, `my_numbers`). */
const DROPPABLE_PREFIXES = new Set(['sinch', 'get', 'list', 'fetch', 'read', 'my', 'all', 'new']);

/** Ways to look a guess up: as written (lower case, camelCase → snake_case), and without a droppable prefix. */
function guessKeys(wanted: string): string[] {
  const snake = wanted
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
  const keys = [snake];
  const cut = snake.indexOf('_');
  if (cut > 0 && cut < snake.length - 1 && DROPPABLE_PREFIXES.has(snake.slice(0, cut))) keys.push(snake.slice(cut + 1));
  return keys;
}

/**
 * The names a word or guess likely means (`reply` → `send_sms`, `inbox` → `list_messages`), from the same
 * table as the suggestions: the docs search uses it to find functions by what newcomers type (issue #16
 * item 7). Empty when the table has nothing for it.
 */
export function likelyMeanings(word: string): readonly string[] {
  if (word.length > MAX_SUGGESTED_LENGTH) return [];
  const found: string[] = [];
  for (const key of guessKeys(word)) for (const target of LIKELY_GUESSES.get(key) ?? []) if (!found.includes(target)) found.push(target);
  return found;
}

/** Longest name suggestions are looked for. */
const MAX_SUGGESTED_LENGTH = 64;

/** Levenshtein distance, with an early exit once `limit` is exceeded. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/**
 * Candidates `wanted` may have meant, best first: likely guesses (LIKELY_GUESSES) whose target is among the
 * candidates, then names within an edit distance of a third of the word (at least 2), or containing it /
 * contained in it (`send` → `send_sms`).
 */
export function suggest(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  // Nobody mistypes a name this long, and the edit distance of a huge one would take seconds.
  if (wanted.length > MAX_SUGGESTED_LENGTH) return [];
  const pool = new Set(candidates);
  const found: string[] = [];
  for (const key of guessKeys(wanted)) {
    for (const target of LIKELY_GUESSES.get(key) ?? []) {
      if (pool.has(target) && !found.includes(target)) found.push(target);
    }
  }
  const lower = wanted.toLowerCase();
  const limit = Math.max(2, Math.floor(lower.length / 3));
  const scored: Array<[string, number]> = [];
  for (const candidate of pool) {
    if (found.includes(candidate)) continue;
    const c = candidate.toLowerCase();
    let score = editDistance(lower, c, limit);
    if (score > limit && lower.length >= 3 && (c.includes(lower) || lower.includes(c))) score = limit;
    if (score <= limit) scored.push([candidate, score]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].length - y[0].length || x[0].localeCompare(y[0]));
  return [...found, ...scored.map(([name]) => name)].slice(0, max);
}

/** `. Did you mean: a, b` or the empty string. */
export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const found = suggest(wanted, candidates);
  return found.length > 0 ? `. Did you mean: ${found.join(', ')}` : '';
}
