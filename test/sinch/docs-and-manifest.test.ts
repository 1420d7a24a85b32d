import fs from 'node:fs';
import path from 'node:path';
import { sinchIntegration, sinchFunctions } from '../../src/sinch/integration';
import { docPath, packageRoot, splitFunctionPages } from '../../src/sinch/docs';
import { renderManifest } from '../../src/sinch/manifest';
import { parameterNames } from '../../src/integration/validate';

// fengari has no type declarations; only the loader is needed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fengari = require('fengari');

const REGENERATE = 'npx ts-node --transpile-only src/sinch/manifest-cli.ts > manifest.json';
const markdown = fs.readFileSync(docPath(), 'utf8');

function luaBlocks(text: string): string[] {
  return [...text.matchAll(/```lua\n([\s\S]*?)```/g)].map((match) => match[1]);
}

function compileError(code: string): string | undefined {
  const L = fengari.lauxlib.luaL_newstate();
  const status = fengari.lauxlib.luaL_loadbufferx(L, fengari.to_luastring(code), null, fengari.to_luastring('=doc'), fengari.to_luastring('t'));
  return status === 0 ? undefined : fengari.to_jsstring(fengari.lua.lua_tostring(L, -1));
}

describe('lua-docs/sinch.md', () => {
  it('documents every function, with its alias and every parameter', () => {
    const pages = splitFunctionPages(markdown);
    for (const fn of sinchFunctions) {
      const page = pages[fn.name];
      expect(page).toBeDefined();
      expect(page).toContain(`Alias: \`${fn.aliases[0]}\``);
      for (const name of parameterNames(fn)) expect(page).toContain(`| \`${name}\` |`);
      expect(page).toContain(`app.integrations.sinch.${fn.aliases[0]}`);
      expect(luaBlocks(page).length).toBeGreaterThan(0);
    }
  });

  it('has Lua examples that compile as Lua 5.3 (commas between table fields)', () => {
    const blocks = luaBlocks(markdown);
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    for (const block of blocks) expect(compileError(block)).toBeUndefined();
  });

  it('has the Accounts and Errors sections and names every error code a script can get', () => {
    expect(markdown).toContain('## Accounts');
    expect(markdown).toContain('app.integrations.sinch.work.send_sms');
    expect(markdown).toContain('## Errors');
    for (const code of ['invalid_argument', 'not_configured', 'auth_failed', 'permission_denied', 'not_found', 'rate_limited', 'upstream_error', 'network_error', 'timeout', 'limit_exceeded']) {
      expect(markdown).toContain(`\`${code}\``);
    }
  });

  it('is what the integration serves, whole and per function', () => {
    expect(sinchIntegration.docs.reference).toBe(markdown);
    expect(Object.keys(sinchIntegration.docs.functionPages!).sort()).toEqual(sinchFunctions.map((fn) => fn.name).sort());
    expect(sinchIntegration.docs.functionPages!.sinch_send_sms).toMatch(/^### sinch_send_sms\n/);
    expect(sinchIntegration.docs.functionPages!.sinch_send_sms).not.toContain('### sinch_list_phone_numbers');
  });

  it('is found from the package root, wherever the code runs from', () => {
    const root = packageRoot();
    expect(fs.existsSync(path.join(root, 'package.json'))).toBe(true);
    expect(packageRoot(path.join(root, 'dist', 'sinch'))).toBe(root);
  });
});

describe('manifest.json', () => {
  it(`matches the declarations (regenerate with: ${REGENERATE})`, () => {
    const onDisk = fs.readFileSync(path.join(packageRoot(), 'manifest.json'), 'utf8');
    if (onDisk !== renderManifest()) {
      throw new Error(`manifest.json is out of date with src/sinch: regenerate it with\n  ${REGENERATE}`);
    }
  });

  it('lists every function with aliases, operation and a JSON Schema of its parameters', () => {
    const manifest = JSON.parse(renderManifest());
    expect(manifest).toMatchObject({ name: 'sinch', category: 'communication', namespace: 'app.integrations.sinch', auth: { type: 'api_token' } });
    expect(manifest.auth.fields.filter((f: any) => f.secret).map((f: any) => f.name)).toEqual(['api_token', 'key_secret']);
    const send = manifest.functions.find((f: any) => f.name === 'sinch_send_sms');
    expect(send).toMatchObject({ aliases: ['send_sms'], operation: 'write' });
    expect(send.parameters.required).toEqual(['to', 'body']);
    expect(send.parameters.additionalProperties).toBe(false);
  });
});

describe('the integration declaration', () => {
  it('declares fourteen functions under sinch, and only send_sms and cancel_batch write', () => {
    expect(sinchIntegration).toMatchObject({ name: 'sinch', category: 'communication' });
    expect(sinchFunctions.map((fn) => `${fn.name}/${fn.aliases.join(',')}/${fn.operation}`)).toEqual([
      'sinch_list_messages/list_messages/read',
      'sinch_send_sms/send_sms/write',
      'sinch_list_phone_numbers/list_phone_numbers/read',
      'sinch_get_phone_number/get_phone_number/read',
      'sinch_list_groups/list_groups/read',
      'sinch_get_group/get_group/read',
      'sinch_list_batches/list_batches/read',
      'sinch_list_group_members/list_group_members/read',
      'sinch_get_batch/get_batch/read',
      'sinch_cancel_batch/cancel_batch/write',
      'sinch_get_delivery_report/get_delivery_report/read',
      'sinch_get_recipient_delivery_report/get_recipient_delivery_report/read',
      'sinch_list_delivery_reports/list_delivery_reports/read',
      'sinch_preview_sms/preview_sms/read',
    ]);
  });

  it('describes every parameter', () => {
    for (const fn of sinchFunctions) {
      for (const [name, schema] of Object.entries(fn.params.shape)) {
        expect(`${fn.name}.${name}: ${(schema as { description?: string }).description ?? ''}`).toMatch(/: \S/);
      }
    }
  });
});
