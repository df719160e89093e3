/**
 * Failed sign-ins counted per address and user name, in memory (one web process; a restart forgets,
 * which only gives a guesser a fresh handful). After MAX failures the pair waits out the window,
 * even with the right password, and is told so in words.
 */

const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const MAX_TRACKED = 10_000;

interface Tally {
  failures: number;
  since: number;
}

export class LoginLimit {
  private readonly tallies = new Map<string, Tally>();
  private readonly now: () => number;
  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  private key = (ip: string, username: string): string => `${ip}\n${username.toLowerCase()}`;

  /** Minutes to wait, when this pair has used up its tries; undefined when it may try. */
  blockedFor(ip: string, username: string): number | undefined {
    const t = this.tallies.get(this.key(ip, username));
    if (t === undefined) return undefined;
    const left = t.since + WINDOW_MS - this.now();
    if (left <= 0) {
      this.tallies.delete(this.key(ip, username));
      return undefined;
    }
    return t.failures >= MAX_FAILURES ? Math.ceil(left / 60_000) : undefined;
  }

  failed(ip: string, username: string): void {
    const key = this.key(ip, username);
    const t = this.tallies.get(key);
    if (t !== undefined && t.since + WINDOW_MS > this.now()) t.failures += 1;
    else {
      if (this.tallies.size >= MAX_TRACKED) this.tallies.delete(this.tallies.keys().next().value as string);
      this.tallies.set(key, { failures: 1, since: this.now() });
    }
  }

  succeeded(ip: string, username: string): void {
    this.tallies.delete(this.key(ip, username));
  }
}
