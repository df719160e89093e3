import type pg from 'pg';

/**
 * The secrets scan of issue #17: every log line of every process and every stored `sync_events`
 * request/response is searched for what must never be written down — the tokens Fortnox handed
 * out (JWTs and the refresh tokens), the client secrets, the encryption key, passwords and e-mail
 * addresses. Each finding keeps a short, masked sample so a failure can be read without leaking it.
 */

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const BEARER = /Bearer\s+[A-Za-z0-9._-]{12,}/i;
const PASSWORD_FIELD =
  /"(password|client_secret|refresh_token|access_token|api_key|consumer_secret)"\s*:\s*"[^"*[]{4,}/i;

export class SecretScan {
  readonly #literals: string[] = [];
  found = 0;
  readonly samples: string[] = [];

  /** Exact values known to be secret (client secrets, the encryption key, tokens seen on the wire). */
  addLiteral(value: string | undefined): void {
    if (value !== undefined && value.length >= 8 && !this.#literals.includes(value)) this.#literals.push(value);
  }

  scan(text: string, where: string): void {
    const hit =
      JWT.exec(text)?.[0] ??
      BEARER.exec(text)?.[0] ??
      PASSWORD_FIELD.exec(text)?.[0] ??
      EMAIL.exec(text)?.[0] ??
      this.#literals.find((literal) => text.includes(literal));
    if (hit === undefined) return;
    this.found++;
    // The context is cut around the hit, and the hit itself masked: the report must not leak it.
    const at = text.indexOf(hit);
    const context = `${text.slice(Math.max(0, at - 80), at)}${hit.slice(0, 6)}…${text.slice(at + hit.length, at + hit.length + 40)}`;
    if (this.samples.length < 10) this.samples.push(`${where}: ${hit.slice(0, 6)}… in ${context}`);
  }

  #eventsScanned = 0;

  /** Every stored request/response/message of the audit trail not scanned yet. */
  async scanEvents(pool: pg.Pool): Promise<number> {
    let after = this.#eventsScanned;
    let rows = 0;
    for (;;) {
      const page = await pool.query<{ id: string; text: string }>(
        `SELECT id, concat_ws(' ', message, request::text, response::text) AS text
           FROM sync_events WHERE id > $1 ORDER BY id LIMIT 2000`,
        [after],
      );
      for (const row of page.rows) this.scan(row.text, `sync_events ${row.id}`);
      rows += page.rows.length;
      if (page.rows.length > 0) after = Number(page.rows.at(-1)!.id);
      this.#eventsScanned = after;
      if (page.rows.length < 2000) return rows;
    }
  }
}
