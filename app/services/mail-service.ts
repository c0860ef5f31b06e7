// Folders and messages for the UI: read from the encrypted store, opened with the same report as `sealmail read`, acted on over IMAP.
import { SealmailError } from '../../crypto/errors.js';
import type { MailService } from '../contract/services.js';
import type { SyncProgress } from '../contract/views.js';
import { deleteMessage, moveMessage, setMessageFlag } from '../imap/message-actions.js';
import { syncAccount } from '../mail-sync.js';
import type { Account } from '../store/accounts.js';
import { InboxWatch } from './inbox-watch.js';
import { keyAttachments } from './attachment-keys.js';
import type { ServiceRuntime } from './runtime.js';
import { openingKeys, openStored, storedAttachment, storedMessage } from './stored-message.js';
import { remoteContentAllowed, summaryView } from './views.js';

export function mailService(runtime: ServiceRuntime): MailService {
  const inbox = new InboxWatch(runtime, () => keys());
  const store = () => runtime.need().mail.store;
  const account = (id: number): Account => {
    const found = store().accounts.list().find((a) => a.id === id);
    if (!found) throw new SealmailError('bad-option', `there is no account ${id}`);
    return found;
  };
  const keys = () => openingKeys(runtime);

  return {
    async folders({ accountId }) {
      const s = store();
      const accounts = accountId === undefined ? s.accounts.list() : [account(accountId)];
      return accounts.flatMap((a) =>
        s.accounts.folders(a.id).map((f) => {
          const messages = s.messages.list(f.id, { limit: s.messages.count(f.id) });
          const unread = messages.filter((m) => !m.flags.includes('\\Seen')).length;
          return { id: f.id, accountId: a.id, path: f.path, specialUse: f.specialUse, total: messages.length, unread };
        }),
      );
    },
    async messages({ folderId, offset, limit }) {
      const s = store();
      return s.messages.list(folderId, { offset: offset ?? 0, limit: limit ?? 100 }).map((m) => summaryView(s, m));
    },
    async read({ messageId }) {
      const report = await openStored(runtime, messageId, false);
      return {
        summary: summaryView(store(), storedMessage(runtime, messageId)),
        report,
        remoteContentAllowed: remoteContentAllowed(report),
        keyAttachments: await keyAttachments(report, () => openStored(runtime, messageId, true)),
      };
    },
    async attachment({ messageId, index }) {
      const { name, type, content } = await storedAttachment(runtime, messageId, index);
      return { name, type, base64: Buffer.from(content).toString('base64') };
    },
    async setFlags({ messageId, seen, flagged }) {
      const message = storedMessage(runtime, messageId);
      await runtime.withImap(account(message.accountId), async ({ client }) => {
        if (seen !== undefined) await setMessageFlag({ client, store: store(), messageId, flag: 'seen', value: seen });
        if (flagged !== undefined) await setMessageFlag({ client, store: store(), messageId, flag: 'flagged', value: flagged });
      });
      return summaryView(store(), storedMessage(runtime, messageId));
    },
    async move({ messageId, folderId }) {
      const message = storedMessage(runtime, messageId);
      const destination = store().accounts.folders(message.accountId).find((f) => f.id === folderId);
      if (!destination) throw new SealmailError('bad-option', 'a message can only be moved to a folder of its own account');
      await runtime.withImap(account(message.accountId), ({ client }) => moveMessage({ client, store: store(), messageId, destination: destination.path }));
    },
    async remove({ messageId }) {
      const message = storedMessage(runtime, messageId);
      await runtime.withImap(account(message.accountId), ({ client }) => deleteMessage({ client, store: store(), messageId }));
    },
    async search({ query, accountId }) {
      const s = store();
      const accounts = new Map(s.accounts.list().map((a) => [a.id, a]));
      const folders = new Map([...accounts.keys()].flatMap((id) => s.accounts.folders(id)).map((f) => [f.id, f.path]));
      return s.search(query, accountId === undefined ? {} : { accountId }).flatMap((hit) => {
        const message = s.messages.get(hit.id);
        if (!message) return [];
        return [{ ...summaryView(s, message), account: accounts.get(hit.accountId)?.address ?? '', folder: folders.get(hit.folderId) ?? '', snippet: hit.snippet }];
      });
    },
    async watch() {
      return { problems: await inbox.startAll() };
    },
    async sync({ accountId }) {
      const { mail } = runtime.need();
      const accounts = accountId === undefined ? mail.store.accounts.list() : [account(accountId)];
      const progress: SyncProgress[] = [];
      const errors: string[] = [];
      for (const a of accounts) {
        try {
          await syncAccount(mail, a, await keys(), (f) => {
            const step = { account: a.address, folder: f.path, added: f.added, changed: f.changed, removed: f.removed };
            progress.push(step);
            runtime.events.emit('event', { type: 'sync-progress', progress: step });
            if (f.added > 0) runtime.events.emit('event', { type: 'new-mail', folderId: f.folderId, count: f.added });
            // The services' own keyring, so keys learned from Autocrypt are the ones the UI sees (and writes).
          }, runtime.need().keyring);
        } catch (e) {
          // One failing account must not keep the others' mail from arriving.
          if (!(e instanceof SealmailError)) throw e;
          errors.push(`${a.address}: ${e.message}`);
        }
      }
      runtime.events.emit('event', { type: 'sync-done', errors });
      return { progress, errors };
    },
  };
}
