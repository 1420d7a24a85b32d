/**
 * The rules a base URL (`sms_base_url`, `numbers_base_url`, `auth_base_url`, or their `SINCH_*_BASE_URL`
 * variables) must follow, wherever it comes from (issue #10 item 3): https, except on loopback where an
 * emulator speaks plain http; no user name or password in it; no query or fragment (the client appends
 * paths). A working-directory file may point only at Sinch's own hosts or loopback (config-source.ts).
 *
 * Messages never repeat the URL: a mistyped URL can hold a token pasted in the wrong place.
 */

/** `localhost`, `127.0.0.0/8` and `[::1]`: the machine itself, where an emulator may speak http. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** `sinch.com` and its subdomains (`eu.sms.api.sinch.com`, `numbers.api.sinch.com`, `auth.sinch.com`). */
export function isSinchHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'sinch.com' || host.endsWith('.sinch.com');
}

/** What is wrong with a base URL, or undefined when it may be used. `onlySinch`: the working-directory rule. */
export function baseUrlProblem(value: string, onlySinch = false): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL; expected e.g. "https://eu.sms.api.sinch.com" or "http://127.0.0.1:8080"';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https URL';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(value)) return 'must not have a query or fragment (the client appends paths)';
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:' && !loopback) {
    return 'must be https: plain http is allowed only for loopback (localhost, 127.0.0.1, [::1]), e.g. an emulator';
  }
  if (onlySinch && !loopback && !isSinchHost(url.hostname)) {
    return (
      "may point only at Sinch's own hosts (*.sinch.com) or loopback, because the file is in the working " +
      'directory (pass --config to trust it)'
    );
  }
  return undefined;
}

/** The origin requests go to, for messages (`https://eu.sms.api.sinch.com`): no path, no credentials. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}
