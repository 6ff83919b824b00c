/** Users and their roles (a user may hold several). Passwords are Argon2id PHC strings, set by main/auth. */
import { ROLES, type Role } from '../../shared/domain.js';
import type { WriteDb } from './db.js';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** Null until the user accepted an invite (or was created with a password). */
  passwordHash: string | null;
  disabledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface RawUser {
  id: string;
  username: string;
  display_name: string;
  password_hash: string | null;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

const ROLE_ORDER = new Map<string, number>(ROLES.map((role, index) => [role, index]));

export function createUsersRepo(db: WriteDb) {
  const insert = db.prepare(
    'INSERT INTO users (id, username, display_name, password_hash, disabled_at, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)',
  );
  const byId = db.prepare<[string], RawUser>('SELECT * FROM users WHERE id = ?');
  const byName = db.prepare<[string], RawUser>('SELECT * FROM users WHERE username = ?');
  const all = db.prepare<[], RawUser>('SELECT * FROM users ORDER BY username');
  const rolesOf = db.prepare<[string], { role: string }>('SELECT role FROM user_roles WHERE user_id = ?');
  const clearRoles = db.prepare('DELETE FROM user_roles WHERE user_id = ?');
  const addRole = db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
  const setDisabled = db.prepare('UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?');
  const setPassword = db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?');
  const setDisplayName = db.prepare('UPDATE users SET display_name = ?, updated_at = ? WHERE id = ?');
  const touch = db.prepare('UPDATE users SET updated_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM users WHERE id = ?');
  const countAdmins = db.prepare<[], { n: number }>(
    "SELECT COUNT(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'admin' AND u.disabled_at IS NULL",
  );
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users');

  const read = (raw: RawUser | undefined): UserRow | null => {
    if (!raw) return null;
    const roles = rolesOf
      .all(raw.id)
      .map((r) => r.role)
      .filter((r): r is Role => ROLE_ORDER.has(r))
      .sort((a, b) => ROLE_ORDER.get(a)! - ROLE_ORDER.get(b)!);
    return {
      id: raw.id,
      username: raw.username,
      displayName: raw.display_name,
      roles,
      passwordHash: raw.password_hash,
      disabledAt: raw.disabled_at,
      createdAt: raw.created_at,
      updatedAt: raw.updated_at,
    };
  };
  const writeRoles = (id: string, roles: readonly Role[]) => {
    clearRoles.run(id);
    for (const role of new Set(roles)) addRole.run(id, role);
  };

  return {
    create(user: { id: string; username: string; displayName: string; roles: readonly Role[]; passwordHash: string | null }, now: number) {
      insert.run(user.id, user.username, user.displayName, user.passwordHash, now, now);
      writeRoles(user.id, user.roles);
      return read(byId.get(user.id))!;
    },
    get: (id: string): UserRow | null => read(byId.get(id)),
    byUsername: (username: string): UserRow | null => read(byName.get(username)),
    list: (): UserRow[] => all.all().map((raw) => read(raw)!),
    count: (): number => count.get()?.n ?? 0,
    /** Enabled users holding admin: the last one may not be disabled or demoted. */
    activeAdmins: (): number => countAdmins.get()?.n ?? 0,
    setRoles(id: string, roles: readonly Role[], now: number): void {
      writeRoles(id, roles);
      touch.run(now, id);
    },
    setDisabled(id: string, disabled: boolean, now: number): void {
      setDisabled.run(disabled ? now : null, now, id);
    },
    setPassword(id: string, passwordHash: string, now: number): void {
      setPassword.run(passwordHash, now, id);
    },
    setDisplayName(id: string, displayName: string, now: number): void {
      setDisplayName.run(displayName, now, id);
    },
    remove(id: string): boolean {
      return remove.run(id).changes > 0;
    },
  };
}

export type UsersRepo = ReturnType<typeof createUsersRepo>;
