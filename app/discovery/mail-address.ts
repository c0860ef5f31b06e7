// The searched address, checked once: discovery builds URLs from it, so it must be a plain addr-spec.
import { SealmailError } from '../../crypto/errors.js';
import { isMailAddress } from '../../crypto/pgp/user-id.js';

export interface AddressParts {
  /** As typed: WKD hashes it lower-cased but sends it as is in `l=`. */
  local: string;
  /** Lower-cased. */
  domain: string;
}

export function splitAddress(address: string): AddressParts {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (at < 1 || !isMailAddress(address.toLowerCase()) || !/^[a-z0-9.-]+$/.test(domain)) {
    throw new SealmailError('bad-option', `"${address}" is not a mail address to look a key up for`);
  }
  return { local, domain };
}
