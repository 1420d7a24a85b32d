/** The Numbers state of one project: its rented (active) numbers, keyed by E.164 with `+`. */
import type { ActiveNumber } from '../../wire/numbers';
import type { ProjectConfig } from '../credentials';
import type { SmsAccount } from './sms-account';

export class ProjectState {
  private readonly numbers = new Map<string, ActiveNumber>();
  private sortedCache: ActiveNumber[] | undefined;

  constructor(
    readonly config: ProjectConfig,
    /** The SMS state `/xms/v1/{projectId}` uses (a linked service plan's, or the project's own). */
    readonly sms: SmsAccount,
  ) {}

  get id(): string {
    return this.config.projectId;
  }

  addNumber(number: ActiveNumber): void {
    this.numbers.set(number.phoneNumber, number);
    this.sortedCache = undefined;
  }

  number(e164: string): ActiveNumber | undefined {
    return this.numbers.get(e164);
  }

  /** All numbers, ordered by `phoneNumber` (the default order of `GET /activeNumbers`). */
  all(): readonly ActiveNumber[] {
    return (this.sortedCache ??= [...this.numbers.values()].sort((a, b) =>
      a.phoneNumber < b.phoneNumber ? -1 : a.phoneNumber > b.phoneNumber ? 1 : 0,
    ));
  }

  clear(): void {
    this.numbers.clear();
    this.sortedCache = undefined;
  }
}
