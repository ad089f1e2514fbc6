// Cloudflare D1 driver (production). Migrations are applied by `wrangler d1 migrations apply`
// from the same folder (wrangler.jsonc: migrations_dir).
import type { SqlDriver } from './types';

interface D1Result {
  results?: unknown[];
  meta?: { changes?: number };
}
interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  all(): Promise<D1Result>;
}
export interface D1Database {
  prepare(sql: string): D1PreparedStatement;
  batch(statements: D1PreparedStatement[]): Promise<D1Result[]>;
  exec(sql: string): Promise<unknown>;
}

export function d1Driver(db: D1Database): SqlDriver {
  const statement = (sql: string, params: unknown[] = []) => (params.length ? db.prepare(sql).bind(...params.map((p) => (p === undefined ? null : p))) : db.prepare(sql));
  return {
    async all(sql, params = []) {
      return ((await statement(sql, params).all()).results ?? []) as never;
    },
    async batch(statements) {
      // D1 runs a batch as one transaction: all or nothing.
      const results = await db.batch(statements.map((s) => statement(s.sql, s.params)));
      return results.map((r) => ({ changes: Number(r.meta?.changes ?? 0) }));
    },
    async migrate(migrations) {
      await db.exec('CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TEXT NOT NULL)');
      const done = new Set(((await statement('SELECT name FROM d1_migrations').all()).results as { name: string }[]).map((r) => r.name));
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        const parts = m.sql.split(/;\s*$/m).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean);
        await db.batch([...parts.map((p) => db.prepare(p)), statement('INSERT INTO d1_migrations (name, applied_at) VALUES (?, ?)', [m.name, new Date().toISOString()])]);
        applied.push(m.name);
      }
      return applied;
    },
  };
}
