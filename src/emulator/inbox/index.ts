/**
 * The emulator's web inbox (issue #13): a static page (static/, no build step, no framework) and the
 * routes it reads — the bounded view and server-sent change events. Knows the emulator's state; imports
 * nothing from src/sinch, src/lua or src/cli.
 */
export { buildView, viewRoute, RECIPIENTS_SHOWN } from './view';
export { eventsRoute } from './events';
export { staticFile, toInbox, STATIC_DIR, CONTENT_SECURITY_POLICY } from './static-files';
