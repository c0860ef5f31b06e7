// The `sealmail` command line: global options, the command groups, and the one-line-error exit policy.
import { Command } from 'commander';
import { addAccountCommands } from './account.js';
import { addCertsCommands } from './certs.js';
import { addCheckServerCommand } from './check-server.js';
import { addKeyCommands } from './keys.js';
import { addListCommand } from './list.js';
import { addOpenCommand } from './open.js';
import { reportFailure } from './output.js';
import { addReadCommand } from './read.js';
import { addSealCommand } from './seal.js';
import { addSearchCommand } from './search.js';
import { addSendCommands } from './send.js';
import { addSyncCommands } from './sync.js';

function buildProgram(): Command {
  const program = new Command('sealmail')
    .description('Seal and open mail end to end with OpenPGP or S/MIME')
    .option('--profile <dir>', 'profile folder holding the keyring (default: $SEALMAIL_PROFILE, else the app-data folder)')
    .option('--passphrase-file <file>', 'read the passphrase from the first line of FILE instead of asking')
    // Errors are thrown rather than printed and exited on, so that reportFailure keeps them to one line.
    .exitOverride()
    .configureOutput({ outputError: () => undefined, writeErr: () => undefined });
  addKeyCommands(program);
  addCertsCommands(program);
  addSealCommand(program);
  addOpenCommand(program);
  addCheckServerCommand(program);
  addAccountCommands(program);
  addSendCommands(program);
  addSyncCommands(program);
  addListCommand(program);
  addReadCommand(program);
  addSearchCommand(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}

// A stray async failure must still end as one line, never as a stack trace.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (e: unknown) => {
    process.exitCode = reportFailure(e);
    process.exit();
  });
}
// A closed pipe (e.g. `| head`) surfaces through writeStdout's callback; without a listener it would crash.
process.stdout.on('error', () => undefined);

// A command may already have set a failing status (e.g. `outbox flush` keeping messages); never overwrite it with 0.
const status = await main(process.argv.slice(2));
if (status !== 0 || !process.exitCode) process.exitCode = status;
