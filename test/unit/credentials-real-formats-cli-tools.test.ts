/**
 * Issue 9, the CLI-tool rows (Docker, AWS, gh, npm, gcloud): files written in each real tool's own format at test
 * time, read and revoked through the built CLI (`creds --home`, `revoke <source> --home … --dry-run/--yes`). The
 * conformance suite against the real binaries drives the same CLI paths.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { parseGhVersion } from '../../src/credentials/sources/gh';
import { tableRows } from '../../src/credentials/sqlite-peek';
import { assertNoSecretIn, cliOutputs, fake, keysweep, NOW, tempHome, writeFiles } from '../support/fake-home';

const reportSchema = z.object({
  credentials: z.array(z.looseObject({ id: z.string(), sourceId: z.string(), label: z.string(), masked: z.string().optional(), account: z.object({ name: z.string() }).optional(), state: z.string(), location: z.looseObject({ type: z.string(), path: z.string().optional() }) })),
});

function creds(home: string, source: string, env: NodeJS.ProcessEnv = {}) {
  const r = keysweep(['creds', '--home', home, '--source', source, '--format', 'json', '--now', NOW.toISOString()], { env: { HOME: home, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return reportSchema.parse(JSON.parse(r.stdout)).credentials;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('Docker: the mask comes from the decoded secret, never from the base64 text', () => {
  it('user:password, <token>:x-oauth-basic, a value without a colon and one with an empty user', () => {
    const home = tempHome();
    const password = fake.password();
    const token = fake.githubToken('ghp');
    const bare = fake.opaque(30);
    const noUser = fake.opaque(30);
    const auths = {
      'registry.example.com': { auth: b64(`alice:${password}`) },
      'ghcr.io': { auth: b64(`${token}:x-oauth-basic`) },
      'bare.example.com': { auth: b64(bare) },
      'nouser.example.com': { auth: b64(`:${noUser}`) },
    };
    writeFiles(home, { '.docker/config.json': JSON.stringify({ auths }, null, '\t') });
    const items = creds(home, 'docker');
    const by = (registry: string) => items.find((c) => c.label.endsWith(registry))!;
    assert.equal(by('registry.example.com').masked, `…${password.slice(-4)}`);
    assert.equal(by('registry.example.com').account?.name, 'alice');
    assert.equal(by('ghcr.io').masked, `ghp_…${token.slice(-4)}`);
    assert.equal(by('ghcr.io').account, undefined);
    assert.equal(by('bare.example.com').masked, `…${bare.slice(-4)}`);
    assert.equal(by('nouser.example.com').masked, `…${noUser.slice(-4)}`);
    for (const [registry, { auth }] of Object.entries(auths)) {
      assert.ok(!by(registry).masked!.endsWith(auth.replace(/=+$/, '').slice(-4)), `${registry}: the mask shows base64 characters of auth`);
    }
    assertNoSecretIn(cliOutputs);
  });
});

describe('AWS CLI: `~` in AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE is the home, as botocore expands it', () => {
  it('lists the profiles of both files and revoke removes the chosen profile from the expanded path', () => {
    const home = tempHome();
    const keyId = fake.awsKeyId();
    const configKeyId = fake.awsKeyId();
    // `aws configure set … --profile P` writes these layouts.
    writeFiles(home, {
      'aws-custom/credentials': `[work]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${fake.awsSecret()}\n\n[other]\nregion = eu-west-1\n`,
      'aws-custom/config': `[profile cfg]\naws_access_key_id = ${configKeyId}\naws_secret_access_key = ${fake.awsSecret()}\n`,
    });
    const env = { AWS_SHARED_CREDENTIALS_FILE: '~/aws-custom/credentials', AWS_CONFIG_FILE: '~/aws-custom/config' };
    const items = creds(home, 'aws', env);
    const work = items.find((c) => c.id === 'aws:work');
    assert.ok(work, `profile work not found: ${items.map((c) => c.id).join(', ')}`);
    assert.equal(work.location.path, join(home, 'aws-custom', 'credentials'));
    assert.equal(work.masked, `AKIA…${keyId.slice(-4)}`);
    assert.ok(items.some((c) => c.id === 'aws:config:cfg'));
    const r = keysweep(['revoke', 'aws:work', '--yes', '--home', home], { env: { HOME: home, ...env } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const left = readFileSync(join(home, 'aws-custom', 'credentials'), 'utf8');
    assert.ok(!left.includes(keyId) && left.includes('[other]'), left);
    assertNoSecretIn(cliOutputs);
  });
});

describe('Hugging Face: `~` in HF_HOME / HF_TOKEN_PATH is the home, as huggingface_hub expands it', () => {
  for (const [variable, value, rel] of [['HF_HOME', '~/hf-home', 'hf-home/token'], ['HF_TOKEN_PATH', '~/hf-token/token', 'hf-token/token']] as const) {
    it(`${variable}=${value}`, () => {
      const home = tempHome();
      const token = fake.hfToken();
      writeFiles(home, { [rel]: `${token}` });
      const items = creds(home, 'huggingface', { [variable]: value });
      const found = items.find((c) => c.location.path === join(home, rel));
      assert.ok(found, `not found: ${JSON.stringify(items.map((c) => c.location))}`);
      assert.equal(found.masked, `hf_…${token.slice(-4)}`);
      assertNoSecretIn(cliOutputs);
    });
  }
});

/** A stand-in for Debian 12's gh 2.23.0, first on PATH: its version line, `--user` refused as the real one does. */
function oldGh(home: string): string {
  const bin = join(home, 'bin');
  writeFiles(home, {
    'bin/gh': [
      [
        '#!/bin/sh',
        'echo "$*" >> "$HOME/gh-calls.log"',
        'if [ "$1" = "--version" ]; then echo "gh version 2.23.0 (2023-02-08)"; echo "https://github.com/cli/cli/releases/tag/v2.23.0"; exit 0; fi',
        'for a in "$@"; do if [ "$a" = "--user" ]; then echo "unknown flag: --user" >&2; exit 1; fi; done',
        'if [ "$1 $2" = "auth logout" ]; then /bin/rm -f "$GH_CONFIG_DIR/hosts.yml"; exit 0; fi',
        'exit 1',
      ].join('\n'),
      0o755,
    ],
  });
  return bin;
}

describe('gh 2.23.0 (Debian 12): no `--user` on `gh auth logout` before gh 2.40', () => {
  it('one account on the host: plain `gh auth logout --hostname H`, which succeeds', () => {
    const home = tempHome();
    const token = fake.githubToken('gho');
    // gh 2.23 writes one account per host (--insecure-storage: the token in hosts.yml).
    writeFiles(home, { '.config/gh/hosts.yml': `github.com:\n    oauth_token: ${token}\n    user: alice\n    git_protocol: https\n` });
    const env = { HOME: home, PATH: oldGh(home), KEYSWEEP_FAKE_KEYCHAIN: join(home, 'keychain.json') };
    const dry = keysweep(['revoke', 'gh', '--dry-run', '--home', home], { env });
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /gh auth logout --hostname github\.com(?! --user)/);
    const r = keysweep(['revoke', 'gh', '--yes', '--home', home], { env });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const calls = readFileSync(join(home, 'gh-calls.log'), 'utf8');
    assert.match(calls, /^auth logout --hostname github\.com$/m);
    assert.doesNotMatch(calls, /--user/);
    assertNoSecretIn(cliOutputs);
  });

  it('several accounts on the host: no `--user` call; the keychain item is removed and the plan says what gh cannot do', () => {
    const home = tempHome();
    writeFiles(home, {
      '.config/gh/hosts.yml': 'github.com:\n    users:\n        alice:\n        bob:\n    git_protocol: https\n    user: alice\n',
      'keychain.json': JSON.stringify({ items: [{ service: 'gh:github.com', account: 'alice' }, { service: 'gh:github.com', account: 'bob' }, { service: 'gh:github.com', account: '' }] }),
    });
    const env = { HOME: home, PATH: oldGh(home), KEYSWEEP_FAKE_KEYCHAIN: join(home, 'keychain.json') };
    const r = keysweep(['revoke', 'gh:github.com:bob', '--yes', '--home', home], { env });
    // hosts.yml still names bob (without a token) until it is edited by hand: the re-check says so.
    assert.notEqual(r.status, null, r.stderr);
    assert.match(r.stdout, /gh 2\.23\.0 cannot log out one of several accounts on github\.com/);
    assert.doesNotMatch(readFileSync(join(home, 'gh-calls.log'), 'utf8'), /auth logout/);
    const left = JSON.parse(readFileSync(join(home, 'keychain.json'), 'utf8')) as { items: Array<{ account?: string }> };
    assert.deepEqual(left.items.map((i) => i.account).sort(), ['', 'alice']);
  });
});

describe('gh --version, read defensively', () => {
  it('release, Debian and unknown outputs', () => {
    assert.deepEqual(parseGhVersion('gh version 2.23.0 (2023-02-08)\nhttps://github.com/cli/cli/releases/tag/v2.23.0\n'), [2, 23, 0]);
    assert.deepEqual(parseGhVersion('gh version 2.45.0+dfsg1-1 (Debian 2.45.0+dfsg1-1)\n'), [2, 45, 0]);
    assert.equal(parseGhVersion('gh version DEV\n'), undefined);
    assert.equal(parseGhVersion(''), undefined);
    assert.equal(parseGhVersion('warning: something\n'), undefined);
  });
});

/**
 * A stand-in `npm`, first on PATH: like the real one against a registry served over http, `npm logout
 * --registry=https://…` never returns; over http it logs out (drops the key's line, as npm does).
 */
function standInNpm(home: string): string {
  writeFiles(home, {
    'bin/npm': [
      [
        '#!/bin/sh',
        'echo "$*" >> "$HOME/npm-calls.log"',
        'for a in "$@"; do case "$a" in --registry=https://*) exec /bin/sleep 100;; --registry=http:*) nerf="${a#--registry=http:}";; --userconfig=*) cfg="${a#--userconfig=}";; esac; done',
        '/bin/grep -v "^$nerf:_authToken=" "$cfg" > "$cfg.tmp"; /bin/mv "$cfg.tmp" "$cfg"',
      ].join('\n'),
      0o755,
    ],
  });
  return join(home, 'bin');
}

describe('npm: the registry keeps the scheme .npmrc gives it; a private registry that does not answer is not waited on for a minute', () => {
  function npmHome() {
    const home = tempHome();
    const local = fake.npmToken();
    const corp = fake.npmToken();
    const other = fake.npmToken();
    // `npm config set` writes these lines.
    writeFiles(home, {
      '.npmrc': [
        'registry=http://127.0.0.1:4873/',
        `//127.0.0.1:4873/:_authToken=${local}`,
        '@corp:registry=https://npm.corp.invalid/repo/',
        `//npm.corp.invalid/repo/:_authToken=${corp}`,
        `//npm.other.invalid/:_authToken=${other}`,
        '',
      ].join('\n'),
    });
    return { home, local, corp, env: { HOME: home, PATH: standInNpm(home) } };
  }

  it('plans http for the http registry, https where a line or nothing says so', () => {
    const { home, env } = npmHome();
    const dry = keysweep(['revoke', 'npm', '--dry-run', '--home', home], { env });
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /npm logout --registry=http:\/\/127\.0\.0\.1:4873\/ /);
    assert.match(dry.stdout, /npm logout --registry=https:\/\/npm\.corp\.invalid\/repo\/ /);
    assert.match(dry.stdout, /npm logout --registry=https:\/\/npm\.other\.invalid\/ /);
    assert.match(dry.stdout, /cannot reach 127\.0\.0\.1:4873, npm\.corp\.invalid, npm\.other\.invalid .*the token stays valid there/);
  });

  it('an http registry: `npm logout --registry=http://…` runs and ends the login', () => {
    const { home, local, env } = npmHome();
    const r = keysweep(['revoke', 'npm:127.0.0.1:4873/', '--yes', '--home', home], { env });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(readFileSync(join(home, 'npm-calls.log'), 'utf8'), /^logout --registry=http:\/\/127\.0\.0\.1:4873\/ --userconfig=/m);
    assert.ok(!readFileSync(join(home, '.npmrc'), 'utf8').includes(local));
    assertNoSecretIn(cliOutputs);
  });

  it('a private registry whose logout never answers: given up after 15 s, the line removed, and said to be not invalidated', () => {
    const { home, corp, env } = npmHome();
    const started = Date.now();
    const r = keysweep(['revoke', 'npm:npm.corp.invalid/repo/', '--yes', '--home', home], { env });
    assert.ok(Date.now() - started < 40_000, 'waited too long');
    assert.match(r.stdout, /timed out after 15 s/);
    assert.match(r.stdout, /NOT invalidated at the registry/);
    const left = readFileSync(join(home, '.npmrc'), 'utf8');
    assert.ok(!left.includes(corp) && left.includes('@corp:registry='), left);
    assertNoSecretIn(cliOutputs);
  });
});

/** gcloud's own schemas (googlecloudsdk/core/credentials/creds.py), written with Python's sqlite3 module. */
const GCLOUD_TABLES = {
  credentials: 'CREATE TABLE IF NOT EXISTS "credentials" (account_id TEXT PRIMARY KEY, value BLOB)',
  access_tokens: 'CREATE TABLE IF NOT EXISTS "access_tokens" (account_id TEXT PRIMARY KEY, access_token TEXT, token_expiry TIMESTAMP, rapt_token TEXT, id_token TEXT)',
};
const python = spawnSync('python3', ['-c', 'import sqlite3'], { encoding: 'utf8' }).status === 0;

/** `state`: never held a row; held one, deleted with secure_delete on / off (gcloud's bundled SQLite: off); holds one. */
function gcloudDatabases(dir: string, state: 'never' | 'deleted-secure' | 'deleted' | 'rows', refresh: string, access: string): void {
  const script = `
import sqlite3, sys, json
d, state, refresh, access = sys.argv[1:5]
for name, table, ddl, row in [
    ('credentials.db', 'credentials', ${JSON.stringify(GCLOUD_TABLES.credentials)}, ('me@example.com', json.dumps({'type': 'authorized_user', 'refresh_token': refresh}))),
    ('access_tokens.db', 'access_tokens', ${JSON.stringify(GCLOUD_TABLES.access_tokens)}, ('me@example.com', access, '2026-11-27 13:00:00', None, None)),
]:
    c = sqlite3.connect(d + '/' + name)
    c.execute('PRAGMA secure_delete = ' + ('ON' if state == 'deleted-secure' else 'OFF'))
    c.execute(ddl)
    if state != 'never':
        c.execute('INSERT INTO "%s" VALUES (%s)' % (table, ','.join('?' * len(row))), row)
        c.commit()
    if state.startswith('deleted'):
        c.execute('DELETE FROM "%s"' % table)
    c.commit()
    c.close()
`;
  const r = spawnSync('python3', ['-c', script, dir, state, refresh, access], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

describe('gcloud 528: the token databases `gcloud auth revoke --all` leaves behind', { skip: python ? false : 'python3 with its sqlite3 module is not installed' }, () => {
  for (const [state, expected] of [
    ['never', []],
    ['deleted-secure', []],
    ['deleted', ['gcloud:access-tokens-db', 'gcloud:credentials-db']],
    ['rows', ['gcloud:access-tokens-db', 'gcloud:credentials-db']],
  ] as const) {
    it(`${state}: ${expected.length ? 'listed' : 'not listed'}`, () => {
      const home = tempHome();
      const dir = join(home, '.config', 'gcloud');
      writeFiles(home, { '.config/gcloud/active_config': 'default' });
      gcloudDatabases(dir, state, fake.googleRefresh(), fake.googleAccess());
      const items = creds(home, 'gcloud');
      assert.deepEqual(items.map((c) => c.id).sort(), expected);
      if (state === 'deleted') {
        assert.ok(items.every((c) => (c as { problems?: Array<{ code: string }> }).problems?.some((p) => p.code === 'deleted-data-remains')));
        const r = keysweep(['revoke', 'gcloud', '--yes', '--home', home], { env: { HOME: home } });
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.deepEqual(creds(home, 'gcloud'), []);
      }
      assertNoSecretIn(cliOutputs);
    });
  }
});

describe('sqlite-peek: unsure is "unknown" (callers report the database)', { skip: python ? false : 'python3 with its sqlite3 module is not installed' }, () => {
  it('empty, rows, truncated, not SQLite, another table, a pending journal', () => {
    const dir = tempHome();
    gcloudDatabases(dir, 'never', fake.googleRefresh(), fake.googleAccess());
    const empty = readFileSync(join(dir, 'credentials.db'));
    assert.equal(tableRows(empty, 'credentials'), 'empty');
    assert.equal(tableRows(empty, 'credentials', true), 'unknown');
    assert.equal(tableRows(empty, 'nope'), 'unknown');
    assert.equal(tableRows(empty.subarray(0, empty.length - 1), 'credentials'), 'unknown');
    assert.equal(tableRows(Buffer.alloc(4096), 'credentials'), 'unknown');
    const full = tempHome();
    gcloudDatabases(full, 'rows', fake.googleRefresh(), fake.googleAccess());
    assert.equal(tableRows(readFileSync(join(full, 'access_tokens.db')), 'access_tokens'), 'rows');
  });
});

describe('npm: `~/` in NPM_CONFIG_USERCONFIG is the home, as npm resolves path settings', () => {
  it('the token in ~/conf/npmrc is found', () => {
    const home = tempHome();
    const token = fake.npmToken();
    writeFiles(home, { 'conf/npmrc': `//registry.npmjs.org/:_authToken=${token}\n` });
    const items = creds(home, 'npm', { NPM_CONFIG_USERCONFIG: '~/conf/npmrc' });
    assert.equal(items.length, 1);
    assert.equal(items[0]!.location.path, join(home, 'conf', 'npmrc'));
    assertNoSecretIn(cliOutputs);
  });
});
