/**
 * The lines every command that reads the configuration (`lua`, `accounts`) writes on stderr — never stdout,
 * which is the script's or the JSON's (issue #10 item 3: say which file is used; issue #16 item 1: nothing
 * set by the user is silently ignored):
 *
 *   kosmo-sinch: accounts from /home/me/.config/kosmo-sinch/config.json; ignoring ./kosmo-sinch.json ...
 *   kosmo-sinch: SINCH_SMS_BASE_URL is set but not used: the accounts come from ...
 *   kosmo-sinch: SINCH_SMS_BASEURL is not a kosmo-sinch variable; did you mean SINCH_SMS_BASE_URL?
 *
 * Zod-free and cheap (a file read at most): the main thread of `kosmo-sinch lua` calls it (issue #5).
 */
import fs from 'node:fs';
import { editDistance } from '../../integration/suggest';
import { ENV_VARIABLES, type ConfigLocation } from './config-source';

const OURS: readonly string[] = Object.values(ENV_VARIABLES);
/**
 * Variables only kosmo-sinch reads: when a file defines the accounts and does not refer to them, they are
 * announced as unused. Credentials and SINCH_REGION are not: other Sinch tools read them too, and a file
 * often refers to them under other names.
 */
const OURS_ONLY: readonly string[] = [
  ENV_VARIABLES.sms_base_url,
  ENV_VARIABLES.numbers_base_url,
  ENV_VARIABLES.auth_base_url,
  ENV_VARIABLES.timeout_ms,
  ENV_VARIABLES['permissions.read'],
  ENV_VARIABLES['permissions.write'],
];

/** The first line: where the accounts come from (nothing when the embedded emulator will say it instead). */
export function sourceLine(location: ConfigLocation): string | undefined {
  const ignored = location.ignoredLocalFile
    ? `; ignoring ${location.ignoredLocalFile} in the working directory (--config ${location.ignoredLocalFile} would use it)`
    : '';
  switch (location.source) {
    case 'none':
      return undefined;
    case 'env':
      return `kosmo-sinch: accounts from the environment (SINCH_* variables)${ignored}`;
    case 'file':
      if (location.origin === 'working_directory') {
        return (
          `kosmo-sinch: accounts from ${location.path} in the working directory, restricted: permissions no looser than ` +
          `read "allow", write "ask", and base URLs only on Sinch's hosts or loopback (--config ${location.path} trusts it)`
        );
      }
      return `kosmo-sinch: accounts from ${location.path}${location.origin === 'flag' ? ' (--config)' : location.origin === 'variable' ? ' ($KOSMO_SINCH_CONFIG)' : ''}${ignored}`;
  }
}

/** The variable of ours that a `SINCH_*` name not of ours most likely misspells, if any. */
export function likelyMeant(name: string): string | undefined {
  const suffix = name.toUpperCase().replace(/^SINCH_/, '');
  const squash = (s: string) => s.replace(/_/g, '');
  let best: [string, number] | undefined;
  for (const ours of OURS) {
    const target = ours.replace(/^SINCH_/, '');
    const limit = target.length >= 10 ? 3 : 2;
    let score = squash(suffix) === squash(target) ? 0 : editDistance(suffix, target, limit);
    // `SINCH_TOKEN` → SINCH_API_TOKEN, `SINCH_SMS_REGION` → SINCH_REGION, `SINCH_BASE_URL` → SINCH_SMS_BASE_URL.
    if (score > limit && suffix.length >= 5 && (target.endsWith(suffix) || suffix.endsWith(target))) score = limit;
    if (score <= limit && (!best || score < best[1])) best = [ours, score];
  }
  return best?.[0];
}

function referenced(location: ConfigLocation): (name: string) => boolean {
  if (location.source !== 'file' || !location.path) return () => false;
  let text = '';
  try {
    text = fs.readFileSync(location.path, 'utf8');
  } catch {
    // Unreadable: the loader says so; here nothing counts as referenced.
  }
  return (name) => text.includes(`\${${name}}`);
}

/** Every line to write on stderr, in order. */
export function configNotices(location: ConfigLocation, env: NodeJS.ProcessEnv): string[] {
  const lines: string[] = [];
  const first = sourceLine(location);
  if (first) lines.push(first);
  const isReferenced = referenced(location);
  if (location.source === 'file') {
    const unused = OURS_ONLY.filter((name) => env[name] && !isReferenced(name));
    if (unused.length > 0) {
      lines.push(
        `kosmo-sinch: ${unused.join(', ')} ${unused.length === 1 ? 'is' : 'are'} set but not used: the accounts come from ` +
          `${location.path} (refer to a variable there as "\${NAME}")`,
      );
    }
  }
  for (const name of Object.keys(env).sort()) {
    if (!/^SINCH_/i.test(name) || OURS.includes(name) || !env[name] || isReferenced(name)) continue;
    const meant = likelyMeant(name);
    if (meant) lines.push(`kosmo-sinch: ${name} is not a kosmo-sinch variable; did you mean ${meant}?`);
  }
  return lines;
}
