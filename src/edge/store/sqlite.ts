// node:sqlite driver for `npm start`: a file under .data/, WAL journal, migrations on open.
import { DatabaseSync } from 'node:sqlite';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlDriver } from './types';
import { createSqlStore } from './sql-store';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function readMigrations(dir = MIGRATIONS_DIR): { name: string; sql: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

export function sqliteDriver(file: string): SqlDriver & { close(): void } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  return {
    async all(sql, params = []) {
      return db.prepare(sql).all(...(params as never[])) as never;
    },
    async batch(statements) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const results = statements.map(({ sql, params = [] }) => ({ changes: Number(db.prepare(sql).run(...(params as never[])).changes) }));
        db.exec('COMMIT');
        return results;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async migrate(migrations) {
      db.exec('CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TEXT NOT NULL)');
      const done = new Set((db.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((r) => r.name));
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        db.exec('BEGIN IMMEDIATE');
        try {
          db.exec(m.sql);
          db.prepare('INSERT INTO d1_migrations (name, applied_at) VALUES (?, ?)').run(m.name, new Date().toISOString());
          db.exec('COMMIT');
        } catch (error) {
          db.exec('ROLLBACK');
          throw new Error(`migration ${m.name} : ${(error as Error).message}`);
        }
        applied.push(m.name);
      }
      return applied;
    },
    close() {
      db.close();
    },
  };
}

/** Opens (creating and migrating) the SQLite store. */
export async function openSqliteStore(file: string) {
  const driver = sqliteDriver(file);
  await driver.migrate(readMigrations());
  return { store: createSqlStore(driver), driver };
}
