// Looks up the system accounts and groups the Debian packages of Postfix and Dovecot create.
import { runTool } from './processes.js';

export interface SystemAccount {
  uid: number;
  /** The account's primary group. */
  gid: number;
}

export async function systemAccount(name: string): Promise<SystemAccount> {
  const [, , uid, gid] = await getent('passwd', name);
  return { uid: Number(uid), gid: Number(gid) };
}

export async function systemGroupId(name: string): Promise<number> {
  const [, , gid] = await getent('group', name);
  return Number(gid);
}

async function getent(database: 'passwd' | 'group', name: string): Promise<string[]> {
  const run = await runTool('getent', [database, name]);
  const fields = run.output.trim().split(':');
  if (run.code !== 0 || !/^\d+$/.test(fields[2] ?? '')) {
    throw new Error(`there is no system ${database === 'passwd' ? 'account' : 'group'} "${name}": install Postfix and Dovecot (\`npm run setup\` as root)`);
  }
  return fields;
}
