/**
 * TEST-ONLY keychain: when KEYSWEEP_FAKE_KEYCHAIN names a JSON file, the CLI answers keychain questions from it and
 * deletes from it, instead of touching the OS keychain. It exists so end-to-end tests of `keysweep revoke` can show
 * a keychain item being removed on any machine. The file: {"items": [{"service": "...", "account": "..."}],
 * "unknown": false}; "unknown": true makes every answer "unknown" (a machine without a reachable keychain).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { KeychainProbe } from './types';

export const FAKE_KEYCHAIN_ENV = 'KEYSWEEP_FAKE_KEYCHAIN';

const fakeSchema = z.looseObject({
  items: z.array(z.looseObject({ service: z.string(), account: z.string().optional() })).default([]),
  unknown: z.boolean().optional(),
});

type FakeFile = z.infer<typeof fakeSchema>;

function load(path: string): FakeFile {
  try {
    return fakeSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return { items: [] };
  }
}

const matches = (item: { service: string; account?: string }, service: string, account?: string) =>
  item.service === service && (account === undefined || item.account === account);

export function fileKeychain(path: string): KeychainProbe {
  return {
    async has(service, account) {
      const data = load(path);
      if (data.unknown) return 'unknown';
      return data.items.some((i) => matches(i, service, account)) ? 'present' : 'absent';
    },
    async delete(service, account) {
      const data = load(path);
      if (data.unknown) return 'failed';
      const kept = data.items.filter((i) => !matches(i, service, account));
      if (kept.length === data.items.length) return 'absent';
      writeFileSync(`${path}.tmp`, JSON.stringify({ ...data, items: kept }, null, 2));
      renameSync(`${path}.tmp`, path);
      return 'deleted';
    },
  };
}
