// What open() needs for S/MIME from a profile: the trust anchors (Mozilla's + the user's − distrusted) and the user's own identities.
import type { SmimeHarvest, SmimeOpenOptions } from '../crypto/root-evaluation.js';
import { CertificateStore } from './certificates/certificate-store.js';

/**
 * The identities' private keys are unlocked with the profile passphrase only when an S/MIME encrypted
 * message asks for them, and handed to crypto/ as PKCS#8 DER for that one call.
 */
export async function smimeOpenOptions(options: { profile: string; passphrase: () => Promise<string> }): Promise<SmimeOpenOptions> {
  const store = await CertificateStore.open({ profile: options.profile });
  return {
    trustAnchors: store.trustAnchors(),
    identities: async () => {
      const own = store.ownCertificates();
      if (own.length === 0) return [];
      const passphrase = await options.passphrase();
      const identities = [];
      for (const certificate of own) {
        const key = await store.privateKey(certificate.fingerprint, passphrase);
        identities.push({ certificate: certificate.der, privateKey: new Uint8Array(key.export({ type: 'pkcs8', format: 'der' })) });
      }
      return identities;
    },
    harvest: harvester(store),
  };
}

/**
 * Keeps the certificates of validly signed mail for encrypting to its sender later (issue 5 section 1): the signer's
 * and its path's intermediates, as plain certificates, never as anchors. Certificates already stored keep their
 * provenance. Adds run one after another, since a sync opens many messages against this one store.
 */
function harvester(store: CertificateStore): (found: SmimeHarvest) => Promise<void> {
  let queue: Promise<unknown> = Promise.resolve();
  return (found) => {
    const source = `signed mail from ${found.address}`;
    const run = queue.then(async () => {
      for (const certificate of [found.signer, ...found.chain]) await store.add({ certificate, source });
    });
    queue = run.catch(() => undefined);
    return run;
  };
}
