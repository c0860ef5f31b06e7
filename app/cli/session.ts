// What every command gets from the global options: the profile's keyring and the passphrase source.
import type { Command } from 'commander';
import { Keyring } from '../keyring.js';
import { profileDir } from '../profile.js';
import { type PassphraseSource, passphraseSource } from './passphrase.js';

export interface Session {
  keyring(): Promise<Keyring>;
  passphrase: PassphraseSource;
}

export function session(command: Command): Session {
  const { profile, passphraseFile } = command.optsWithGlobals<{ profile?: string; passphraseFile?: string }>();
  return {
    keyring: () => Keyring.open({ profile: profileDir({ flag: profile }) }),
    passphrase: passphraseSource({ file: passphraseFile }),
  };
}

/** The profile folder and passphrase source of this run, for commands that open the vault and store. */
export function mailSession(command: Command): { profile: string; passphrase: PassphraseSource } {
  const { profile, passphraseFile } = command.optsWithGlobals<{ profile?: string; passphraseFile?: string }>();
  return { profile: profileDir({ flag: profile }), passphrase: passphraseSource({ file: passphraseFile }) };
}
