// The Sinch emulator's inbox (issue #13). Plain browser JavaScript, no framework, no build step.
//
// Safety: every piece of data (message bodies, senders, group names, fault routes) reaches the page as
// text — `textContent` and text nodes, never HTML — and invisible or direction-changing characters are
// shown as visible escapes. The page's Content-Security-Policy forbids inline script and, with Trusted
// Types, any HTML assigned from a string. Every change it asks for carries `X-Sinch-Emulator: inbox`,
// which the emulator requires of web pages (src/emulator/server/browser-guard.ts).
'use strict';

(() => {
  const HEADER = { 'X-Sinch-Emulator': 'inbox' };
  const state = {
    plan: undefined,
    view: undefined,
    loading: false,
    dirty: false,
    timer: undefined,
    /** Open reply forms and what is typed in them, by `batch:recipient`: kept across live re-renders. */
    replyOpen: new Set(),
    drafts: new Map(),
    focus: undefined,
  };

  // --- text, never HTML -------------------------------------------------------------------------------

  /** Characters that would hide or reorder text: controls, bidi overrides and isolates, zero-width ones. */
  const HIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFF9-\uFFFB]/g;
  const NAMES = { 0x0d: 'CR', 0x1b: 'ESC', 0x00: 'NUL', 0x7f: 'DEL', 0x08: 'BS' };

  /** `text` as text nodes, with each hidden character shown as a visible escape. */
  function visible(text) {
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of String(text).matchAll(HIDDEN)) {
      if (match.index > last) fragment.append(document.createTextNode(text.slice(last, match.index)));
      const code = match[0].codePointAt(0);
      const mark = document.createElement('span');
      mark.className = 'ctl';
      mark.title = 'an invisible character, shown as its code';
      mark.textContent = `⟨${NAMES[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`}⟩`;
      fragment.append(mark);
      last = match.index + match[0].length;
    }
    if (last < text.length) fragment.append(document.createTextNode(text.slice(last)));
    return fragment;
  }

  /** An element with a class and children (strings become visible text). */
  function el(tag, className, ...children) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const child of children) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' || typeof child === 'number' ? visible(String(child)) : child);
    }
    return node;
  }

  function button(label, onClick, className) {
    const b = el('button', className, label);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  function clear(node) {
    node.replaceChildren();
    return node;
  }

  /** `2025-03-10T12:00:00.000Z` → `2025-03-10 12:00:00 UTC`. */
  function when(iso) {
    return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '';
  }

  const plus = (n) => (/^\d+$/.test(n) ? `+${n}` : n);

  // --- talking to the emulator ------------------------------------------------------------------------

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: body === undefined ? HEADER : { ...HEADER, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const text = await response.text();
    let data;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!response.ok) {
      const message = data?.text ?? data?.error?.message ?? `${response.status} ${response.statusText}`;
      throw new Error(message);
    }
    return data;
  }

  function notice(message, kind) {
    const box = document.getElementById('notice');
    box.textContent = message;
    box.dataset.kind = kind ?? 'info';
    box.hidden = !message;
  }

  /** Runs an action the person asked for; the change event refreshes the page. */
  async function act(what, action) {
    try {
      await action();
      notice('');
    } catch (error) {
      notice(`${what}: ${error.message}`, 'error');
    }
  }

  // --- loading: on change events, and when the next delivery status is due ---------------------------

  async function refresh() {
    if (state.loading) {
      state.dirty = true;
      return;
    }
    state.loading = true;
    try {
      const query = state.plan ? `?plan=${encodeURIComponent(state.plan)}` : '';
      const previous = state.view;
      state.view = await api('GET', `/_emulator/view${query}`);
      render(state.view);
      scheduleNextChange(previous, state.view);
    } catch (error) {
      notice(`Could not load the emulator's state: ${error.message}`, 'error');
    } finally {
      state.loading = false;
      if (state.dirty) {
        state.dirty = false;
        refresh();
      }
    }
  }

  /**
   * The emulator clock runs with real time (plus what was advanced): refresh when the next shown status
   * is due. A clock that stands still (a test's fixed clock) never reaches it: no timer then.
   */
  function scheduleNextChange(previous, view) {
    clearTimeout(state.timer);
    if (view.next_change_ms === null) return;
    if (previous && previous.now_ms === view.now_ms) return;
    const wait = Math.max(50, view.next_change_ms - view.now_ms + 20);
    state.timer = setTimeout(refresh, Math.min(wait, 2 ** 31 - 1));
  }

  function connect() {
    const status = document.getElementById('connection');
    const events = new EventSource('/_emulator/events');
    events.addEventListener('open', () => {
      status.dataset.state = 'live';
      status.textContent = 'live';
    });
    events.addEventListener('error', () => {
      status.dataset.state = 'lost';
      status.textContent = 'reconnecting…';
    });
    events.addEventListener('hello', refresh);
    events.addEventListener('change', refresh);
  }

  // --- rendering ---------------------------------------------------------------------------------------

  function render(view) {
    renderHeader(view);
    renderBatches(view);
    renderInbounds(view);
    renderGroups(view);
    renderNumbers(view);
    renderFaults(view);
    document.body.dataset.loaded = 'true';
  }

  function renderHeader(view) {
    const select = document.getElementById('plan');
    if (select.options.length !== view.plans.length) {
      clear(select);
      for (const plan of view.plans) {
        const option = el('option', '', plan.id);
        option.value = plan.id;
        select.append(option);
      }
    }
    select.value = view.plan.id;
    state.plan = view.plan.id;
    const now = document.getElementById('now');
    now.textContent = when(view.now);
    now.dateTime = view.now;
    document.getElementById('sent-count').textContent = `(${view.batches.count})`;
    document.getElementById('received-count').textContent = `(${view.inbounds.count})`;
    document.getElementById('faults-count').textContent = view.faults.length ? `(${view.faults.length})` : '';
    const used = view.storage.used;
    const limits = view.storage.limits;
    document.getElementById('storage').textContent =
      `stored: ${used.batches}/${limits.max_batches} batches, ${used.recipients}/${limits.max_recipients} recipients, ` +
      `${used.inbounds}/${limits.max_inbounds} inbounds`;
    const inject = document.getElementById('inject');
    inject.elements.to.placeholder = plus(view.plan.default_from);
  }

  function destination(to) {
    if (to.type === 'number') return el('span', 'chip number', plus(to.number));
    const chip = el('span', 'chip group', to.name ?? to.id);
    chip.title = `group ${to.id}`;
    if (!to.known) chip.append(' (unknown group)');
    else chip.append(el('span', 'members', ` · ${to.members.length}: ${to.members.map(plus).join(', ')}`));
    return chip;
  }

  function statusBadge(status) {
    const badge = el('span', 'status', status);
    badge.dataset.status = status;
    return badge;
  }

  function replyForm(batch, recipient, key) {
    const form = el('form', 'reply-form');
    const input = el('input');
    input.name = 'body';
    input.required = true;
    input.dataset.replyKey = key;
    input.value = state.drafts.get(key) ?? '';
    input.addEventListener('input', () => state.drafts.set(key, input.value));
    input.placeholder = `Reply from ${plus(recipient)} to ${plus(batch.from)}`;
    form.append(input, el('button', 'primary', 'Send reply'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act('Reply', async () => {
        await api('POST', '/_emulator/inbounds', {
          from: recipient,
          to: batch.from,
          body: input.value,
          service_plan_id: state.plan,
        });
        state.replyOpen.delete(key);
        state.drafts.delete(key);
        renderBatches(state.view);
      });
    });
    return form;
  }

  function recipientRows(batch) {
    const table = el('table', 'grid recipients');
    table.append(el('thead', '', el('tr', '', el('th', '', 'Recipient'), el('th', '', 'Status'), el('th', '', 'Since'), el('th', '', ''))));
    const body = el('tbody');
    // Only a number can text back: an alphanumeric sender ("Acme") cannot receive a reply.
    const canReply = /^\d+$/.test(batch.from ?? '');
    for (const r of batch.recipients) {
      const key = `${batch.id}:${r.recipient}`;
      const actions = el('td');
      if (canReply) {
        actions.append(
          button('Reply', () => {
            if (state.replyOpen.has(key)) state.replyOpen.delete(key);
            else state.replyOpen.add(key);
            state.focus = key;
            renderBatches(state.view);
          }),
        );
      }
      const row = el('tr', '', el('td', 'number', plus(r.recipient)), el('td', '', statusBadge(r.status), ` ${r.code}`), el('td', '', when(r.at)), actions);
      row.dataset.recipient = r.recipient;
      body.append(row);
      if (r.body !== undefined) {
        body.append(el('tr', '', el('td', 'label', 'gets'), el('td', '', el('div', 'message', r.body), `${r.encoding} · ${r.parts} part(s)`)));
      }
      if (state.replyOpen.has(key)) {
        const cell = el('td', '', replyForm(batch, r.recipient, key));
        cell.colSpan = 4;
        body.append(el('tr', '', cell));
      }
    }
    table.append(body);
    return table;
  }

  function renderBatches(view) {
    // A live update rebuilds the cards: keep the reply being typed focused.
    const focused = document.activeElement?.dataset?.replyKey ?? state.focus;
    state.focus = undefined;
    const list = clear(document.getElementById('batches'));
    if (view.batches.items.length === 0) list.append(el('p', 'empty', 'No batches yet: send one with send_sms.'));
    for (const batch of view.batches.items) {
      const card = el('article', `card batch${batch.canceled ? ' cancelled' : ''}`);
      card.dataset.id = batch.id;
      const actions = el('div', 'actions');
      if (batch.cancellable) {
        actions.append(button('Cancel', () => act('Cancel', () => api('POST', `/_emulator/batches/${encodeURIComponent(batch.id)}/cancel`)), 'danger'));
      }
      const to = el('span', 'to');
      for (const t of batch.to) to.append(destination(t));
      card.append(
        el('div', 'row', el('span', 'label', 'From'), el('b', 'from', plus(batch.from ?? '')), el('span', 'label', 'to'), to, actions),
        el('div', 'message body', batch.body),
      );
      const counts = batch.status_counts.map((s) => `${s.count} ${s.status}`).join(', ');
      const facts = el(
        'div',
        'row facts',
        el('span', '', el('b', 'encoding', batch.encoding === 'GSM' ? 'GSM-7' : 'UCS-2'), batch.personalised ? ' (first recipient)' : ''),
        el('span', '', el('b', 'parts', String(batch.parts)), batch.parts === 1 ? ' part' : ' parts'),
        el('span', '', `${batch.messages} message(s) to ${batch.recipient_count} recipient(s)`),
        el('span', '', `created ${when(batch.created_at)}`),
        batch.send_at ? el('span', 'scheduled', `scheduled ${when(batch.send_at)}`) : undefined,
        batch.canceled ? el('b', '', 'cancelled') : undefined,
        batch.client_reference ? el('span', '', `ref ${batch.client_reference}`) : undefined,
        el('span', 'counts', counts),
        el('span', '', `id ${batch.id}`),
      );
      card.append(facts, recipientRows(batch));
      if (batch.recipient_count > batch.recipients.length) {
        card.append(el('p', 'empty', `and ${batch.recipient_count - batch.recipients.length} more recipients (counted above)`));
      }
      list.append(card);
    }
    if (focused !== undefined) {
      for (const input of list.querySelectorAll('input[data-reply-key]')) {
        if (input.dataset.replyKey === focused) input.focus();
      }
    }
  }

  function renderInbounds(view) {
    const list = clear(document.getElementById('inbounds'));
    if (view.inbounds.items.length === 0) list.append(el('p', 'empty', 'No received messages.'));
    for (const inbound of view.inbounds.items) {
      const card = el(
        'article',
        'card inbound',
        el('div', 'row', el('span', 'label', 'From'), el('b', 'from', plus(inbound.from)), el('span', 'label', 'to'), el('span', 'number', plus(inbound.to)), el('span', 'facts', when(inbound.received_at))),
        el('div', 'message body', inbound.body),
      );
      card.dataset.id = inbound.id;
      list.append(card);
    }
  }

  function renderGroups(view) {
    const list = clear(document.getElementById('group-list'));
    if (view.groups.length === 0) list.append(el('p', 'empty', 'No groups.'));
    const names = new Map(view.groups.map((g) => [g.id, g.name ?? g.id]));
    for (const group of view.groups) {
      const card = el(
        'article',
        'card group',
        el('div', 'row', el('b', '', group.name ?? '(no name)'), el('span', 'facts', `${group.size} member(s) · id ${group.id}`)),
        el('div', 'row', el('span', 'label', 'Members'), group.members.length ? group.members.map(plus).join(', ') : '—'),
      );
      if (group.child_groups?.length) {
        card.append(el('div', 'row', el('span', 'label', 'Includes'), group.child_groups.map((id) => names.get(id) ?? id).join(', ')));
      }
      if (group.auto_update) {
        const a = group.auto_update;
        const words = [a.add && `JOIN keyword ${a.add.first_word}`, a.remove && `leave keyword ${a.remove.first_word}`].filter(Boolean).join(', ');
        card.append(el('div', 'row facts', `updates itself from texts to ${plus(String(a.to))}${words ? `: ${words}` : ''}`));
      }
      list.append(card);
    }
  }

  function renderNumbers(view) {
    const body = clear(document.getElementById('number-list'));
    if (view.numbers.length === 0) body.append(document.getElementById('empty-row').content.cloneNode(true));
    for (const n of view.numbers) {
      body.append(el('tr', '', el('td', 'number', n.phoneNumber), el('td', '', n.displayName ?? ''), el('td', '', n.type ?? ''), el('td', '', n.regionCode ?? ''), el('td', '', (n.capability ?? []).join(', '))));
    }
  }

  function faultEffect(f) {
    const parts = [];
    if (f.status !== undefined) parts.push(`answer ${f.status}`);
    if (f.drop) parts.push(`drop ${f.drop} processing`);
    if (f.retry_after !== undefined) parts.push(`Retry-After ${f.retry_after}s`);
    if (f.delay_ms !== undefined) parts.push(`delay ${f.delay_ms} ms`);
    return parts.join(', ');
  }

  function renderFaults(view) {
    const body = clear(document.getElementById('fault-list'));
    if (view.faults.length === 0) body.append(document.getElementById('empty-row').content.cloneNode(true));
    for (const f of view.faults) {
      const remove = button('Remove', () => act('Remove fault', () => api('DELETE', `/_emulator/faults/${f.id}`)));
      body.append(el('tr', '', el('td', '', String(f.id)), el('td', '', f.route ?? 'every API route'), el('td', '', f.method ?? 'any'), el('td', '', faultEffect(f)), el('td', '', String(f.remaining)), el('td', '', remove)));
    }
  }

  // --- the person's actions -----------------------------------------------------------------------------

  function wire() {
    document.getElementById('plan').addEventListener('change', (event) => {
      state.plan = event.target.value;
      refresh();
    });
    for (const b of document.querySelectorAll('[data-advance]')) {
      b.addEventListener('click', () => act('Advance the clock', () => api('POST', '/_emulator/clock', { advance_ms: Number(b.dataset.advance) })));
    }
    document.getElementById('reset-demo').addEventListener('click', () => act('Reset', () => api('POST', '/_emulator/reset', { demo: true })));
    document.getElementById('reset-empty').addEventListener('click', () => act('Reset', () => api('POST', '/_emulator/reset', { demo: false })));

    const inject = document.getElementById('inject');
    inject.addEventListener('submit', (event) => {
      event.preventDefault();
      const f = inject.elements;
      const request = { from: f.from.value, body: f.body.value, service_plan_id: state.plan };
      if (f.to.value.trim() !== '') request.to = f.to.value;
      act('Inject a message', async () => {
        await api('POST', '/_emulator/inbounds', request);
        f.body.value = '';
      });
    });

    const faultForm = document.getElementById('fault-form');
    faultForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const f = faultForm.elements;
      const spec = { times: Number(f.times.value || 1) };
      if (f.route.value.trim()) spec.route = f.route.value.trim();
      if (f.method.value) spec.method = f.method.value;
      if (f.kind.value === 'status') spec.status = Number(f.status.value);
      if (f.kind.value === 'drop-before') spec.drop = 'before';
      if (f.kind.value === 'drop-after') spec.drop = 'after';
      if (f.retry_after.value !== '') spec.retry_after = Number(f.retry_after.value);
      if (f.delay_ms.value !== '') spec.delay_ms = Number(f.delay_ms.value);
      act('Add a fault', () => api('POST', '/_emulator/faults', spec));
    });
    document.getElementById('clear-faults').addEventListener('click', () => act('Clear faults', () => api('DELETE', '/_emulator/faults')));
  }

  wire();
  connect();
})();
