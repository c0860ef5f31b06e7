// `npm run serve`: the built UI and the real services for one profile, on 127.0.0.1, printing the one URL to open.
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureProfileDir, profileDir } from '../profile.js';
import { createServices } from '../services/index.js';
import { startServe } from './server.js';

const USAGE = 'usage: npm run serve -- [--port N] [--profile DIR]';

function fail(message: string, status = 1): never {
  process.stderr.write(`sealmail serve: ${message}\n`);
  process.exit(status);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({ options: { port: { type: 'string' }, profile: { type: 'string' } }, strict: true, allowPositionals: false }).values;
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`, 2);
  }
  const port = args.port === undefined ? 0 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not ${args.port}\n${USAGE}`, 2);
  // dist/app/serve/main.js -> dist/renderer, where `npm run build:ui` puts the UI.
  const root = fileURLToPath(new URL('../../renderer/', import.meta.url));
  await access(`${root}index.html`).catch(() => fail(`no built UI in ${root}: run npm run build:ui first`));
  const profile = profileDir({ flag: args.profile });
  await ensureProfileDir(profile);

  const running = createServices({ profile });
  const serve = await startServe({ services: running.services, onEvent: running.onEvent, root, port }).catch((e: unknown) =>
    fail(`cannot listen on 127.0.0.1:${port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`),
  );
  process.stdout.write(`${serve.url}\n`);
  process.stderr.write(`sealmail serve: profile ${profile}; for development and the UI tests; Ctrl-C stops it\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    running.lock();
    serve.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => fail((e as Error).message));
