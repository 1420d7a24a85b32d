/**
 * Everything the emulator knows, in one object (moto's "backend"): service plans with their SMS state,
 * projects with their numbers, issued access tokens, pending faults, the clock and the id generator.
 * HTTP handlers read and write it; nothing else holds state.
 */
import { Clock } from '../clock';
import { FaultQueue } from '../control/faults';
import type { ProjectConfig, ServicePlanConfig } from '../credentials';
import { DEFAULT_FROM } from '../credentials';
import { IdGenerator } from '../ids';
import { DAY_MS } from '../time';
import { RETENTION_DAYS } from '../../wire/sms';
import { ProjectState } from './project';
import { SmsAccount } from './sms-account';
import { ChangeFeed } from './changes';
import { StorageMeter, type StorageLimits } from './storage';
import { TokenStore } from './tokens';

export interface BackendOptions {
  seed: number | string;
  clock: Clock;
  servicePlans: readonly ServicePlanConfig[];
  projects: readonly ProjectConfig[];
  tokenTtlSeconds?: number;
  /** Caps on stored batches, recipients, inbounds and message text (storage.ts). */
  limits?: Partial<StorageLimits>;
}

export interface ServicePlan {
  config: ServicePlanConfig;
  sms: SmsAccount;
}

export class Backend {
  readonly seed: number | string;
  readonly clock: Clock;
  /** Runtime ids. Never rewound (not even by reset), so an id is never reused within one run. */
  readonly ids: IdGenerator;
  readonly tokens: TokenStore;
  readonly faults = new FaultQueue();
  /** What changed, for the web inbox's live updates (nothing happens while nobody subscribes). */
  readonly changes = new ChangeFeed();
  /** What is stored, against the limits; shared by every plan's SMS state. */
  readonly storage: StorageMeter;
  readonly plans = new Map<string, ServicePlan>();
  readonly projects = new Map<string, ProjectState>();
  private readonly projectsByKey = new Map<string, ProjectState>();

  constructor(options: BackendOptions) {
    this.seed = options.seed;
    this.clock = options.clock;
    this.ids = new IdGenerator(options.seed);
    this.tokens = new TokenStore(options.seed, options.tokenTtlSeconds);
    this.storage = new StorageMeter(options.limits);
    // Full: first forget what lies beyond the 14-day retention, which no route shows any more.
    this.storage.makeRoom = () => {
      const horizon = this.clock.now() - RETENTION_DAYS * DAY_MS;
      for (const sms of this.smsAccounts()) sms.dropOlderThan(horizon);
    };
    this.clock.onAdvance = () => this.changes.notify('clock');
    this.faults.onChange = () => this.changes.notify('faults');
    for (const plan of options.servicePlans) this.addServicePlan(plan);
    for (const project of options.projects) this.addProject(project);
  }

  addServicePlan(config: ServicePlanConfig): ServicePlan {
    if (this.plans.has(config.servicePlanId)) throw new Error(`service plan ${config.servicePlanId} exists twice`);
    const plan = { config, sms: new SmsAccount(config.servicePlanId, config.defaultFrom ?? DEFAULT_FROM, this.storage) };
    this.plans.set(config.servicePlanId, plan);
    return plan;
  }

  addProject(config: ProjectConfig): ProjectState {
    if (this.projects.has(config.projectId)) throw new Error(`project ${config.projectId} exists twice`);
    if (this.projectsByKey.has(config.keyId)) throw new Error(`access key ${config.keyId} exists twice`);
    const linked = config.servicePlanId === undefined ? undefined : this.plans.get(config.servicePlanId);
    if (config.servicePlanId !== undefined && !linked) {
      throw new Error(`project ${config.projectId} links to unknown service plan ${config.servicePlanId}`);
    }
    const project = new ProjectState(config, linked?.sms ?? new SmsAccount(config.projectId, DEFAULT_FROM, this.storage));
    this.projects.set(config.projectId, project);
    this.projectsByKey.set(config.keyId, project);
    return project;
  }

  /** The first registered plan (`emulator-plan` by default): where demo data and injected inbounds go. */
  defaultPlan(): ServicePlan {
    const first = this.plans.values().next();
    if (first.done) throw new Error('the emulator has no service plan');
    return first.value;
  }

  /** The SMS state of a service plan id, or of a project id. */
  smsAccount(id: string): SmsAccount | undefined {
    return this.plans.get(id)?.sms ?? this.projects.get(id)?.sms;
  }

  projectByKey(keyId: string): ProjectState | undefined {
    return this.projectsByKey.get(keyId);
  }

  /** Every distinct SMS state (a project linked to a plan shares the plan's). */
  smsAccounts(): SmsAccount[] {
    const all = new Set<SmsAccount>();
    for (const plan of this.plans.values()) all.add(plan.sms);
    for (const project of this.projects.values()) all.add(project.sms);
    return [...all];
  }

  /** Empties batches, inbounds, groups, numbers and faults; plans, projects, tokens and the clock stay. */
  clear(): void {
    for (const sms of this.smsAccounts()) sms.clear();
    for (const project of this.projects.values()) project.clear();
    this.faults.clear();
    this.changes.notify('reset');
  }
}
