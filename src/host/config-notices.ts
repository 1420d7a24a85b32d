/**
 * The stderr lines announcing where the accounts come from (src/sinch/config/announce.ts), without reading
 * or validating the configuration: zod-free and cheap, so `kosmo-sinch lua`'s main thread can call it while
 * the sandbox worker loads (issue #5, cold start). The worker reads and checks the file itself.
 */
import { configNotices } from '../sinch/config/announce';
import { locateConfig } from '../sinch/config/config-source';

export function configAnnouncement(configPath: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  return configNotices(locateConfig({ configPath, env }), env);
}
