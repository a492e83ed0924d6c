/**
 * Hostile credential files (issue 8, items 2, 6, 9, 10, 16): tokens where names belong, shared files Keysweep cannot
 * parse, `.netrc` files that tell the editor and the parser apart, MCP keys that look like JSON Pointers, hard
 * links, made-up ids, a file passed as --home, and names full of terminal escapes. Everything runs through the built
 * CLI over fake homes generated at test time.
 */
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { netrcEntryName, removeNetrcMachine } from '../../src/credentials/entry-edit';
import { parseNetrc } from '../../src/credentials/sources/netrc';
import { redactText, userAndSecret } from '../../src/credentials/redact-text';
import { netrcMeaning, parseNetrcSyntax } from '../../src/credentials/netrc-syntax';
import { codexAuthJson, fake, keysweep, snapshot, tempHome, writeFiles } from '../support/fake-home';
import { hostileHome } from '../support/fake-home-hostile';
import { findLeak } from '../support/leaks';
import { removeAtExit } from '../support/temp';

const SOURCES = ['codex', 'claude', 'gemini', 'copilot', 'cursor', 'continue', 'aider', 'gh', 'npm', 'docker', 'podman', 'aws', 'gcloud', 'azure', 'huggingface', 'netrc', 'git-credentials', 'hub', 'shell'];

function copyHome(home: string): { home: string; env: NodeJS.ProcessEnv } {
  const copy = `${home}-copy-${Math.random().toString(36).slice(2)}`;
  cpSync(home, copy, { recursive: true });
  removeAtExit(copy);
  return { home: copy, env: { HOME: copy, KEYSWEEP_FAKE_KEYCHAIN: join(copy, 'keychain.json') } };
}

describe('item 2: no token in an id, a label, an entry, a plan line or a message', () => {
  it('a home with tokens in every name slot: creds, revoke, grants and runbook never show one, nor an 8-character piece of one', () => {
    const h = hostileHome();
    const workspace = tempHome('keysweep-ws-');
    const outputs: Record<string, string> = {};
    const run = (name: string, args: string[], env = h.env) => {
      const r = keysweep(args, { env });
      assert.doesNotMatch(r.stderr, /unexpected error/, `${name}: ${r.stderr}`);
      outputs[name] = r.stdout + r.stderr;
      return r;
    };
    run('creds', ['creds', '--home', h.home]);
    const json = run('creds --format json', ['creds', '--home', h.home, '--format', 'json']);
    const ids = (JSON.parse(json.stdout) as { credentials: Array<{ id: string }> }).credentials.map((c) => c.id);
    assert.ok(ids.length >= 25, `the hostile home is read (${ids.length} items)`);
    for (const source of SOURCES) run(`revoke ${source} --dry-run`, ['revoke', source, '--dry-run', '--home', h.home]);
    for (const id of ids) run(`revoke ${id} --dry-run`, ['revoke', id, '--dry-run', '--home', h.home]);
    run('grants', ['grants', '--home', h.home, '--workspace', workspace]);
    run('grants --format json', ['grants', '--home', h.home, '--workspace', workspace, '--format', 'json']);
    run('runbook', ['runbook', '--home', h.home, '--workspace', workspace]);
    run('runbook --markdown', ['runbook', '--home', h.home, '--workspace', workspace, '--markdown']);
    // Carried out, on a copy: the Done and Checked-again lines too.
    for (const source of SOURCES) {
      const copy = copyHome(h.home);
      run(`revoke ${source} --yes`, ['revoke', source, '--yes', '--home', copy.home], copy.env);
    }
    assert.equal(findLeak(outputs, h.planted, 8), undefined);
  });

  it('the token in the user-name slot is the masked value and is never an account name', () => {
    const h = hostileHome();
    const creds = JSON.parse(keysweep(['creds', '--home', h.home, '--format', 'json', '--source', 'netrc', '--source', 'git-credentials', '--source', 'docker'], { env: h.env }).stdout) as {
      credentials: Array<{ id: string; masked?: string; account?: { name?: string }; problems: Array<{ code: string }> }>;
    };
    const github = creds.credentials.find((c) => c.id.startsWith('netrc:github.com:'))!;
    assert.match(github.masked!, /^gho_…[A-Za-z0-9]{4}$/);
    assert.equal(github.account, undefined);
    assert.ok(github.problems.some((p) => p.code === 'token-in-user-name'));
    const store = creds.credentials.find((c) => c.id.startsWith('git-credentials:ghp_'))!;
    assert.match(store.masked!, /^ghp_…/);
    assert.equal(store.account, undefined);
    const ghcr = creds.credentials.find((c) => c.id === 'docker:ghcr.io')!;
    assert.match(ghcr.masked!, /^ghp_…/, "the Docker auth's user-name token is what is masked, not the base64 around it");
  });
});

describe('item 6: a shared file that cannot be parsed is never deleted whole', () => {
  it('.npmrc with a Latin-1 byte in a comment: the token line goes, every other byte (that one included) stays', () => {
    const home = tempHome();
    const token = fake.npmToken();
    const head = Buffer.concat([Buffer.from('# proxy notes for the caf'), Buffer.from([0xe9]), Buffer.from(' network\nregistry=https://registry.npmjs.org/\n')]);
    const tail = Buffer.from('proxy=http://proxy.example.com:8080/\n@acme:registry=https://npm.acme.dev/\n');
    writeFiles(home, { '.npmrc': Buffer.concat([head, Buffer.from(`//registry.npmjs.org/:_authToken=${token}\n`), tail]) });
    const r = keysweep(['revoke', 'npm', '--yes', '--home', home], { env: { HOME: home } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(readFileSync(join(home, '.npmrc')), Buffer.concat([head, tail]));
    assert.match(r.stdout, /nothing left for npm/);
  });

  it('broken Docker, Podman, .netrc, .git-credentials, gh, hub, AWS, Claude and Gemini files: reported, left byte for byte', () => {
    const home = tempHome();
    writeFiles(home, {
      '.docker/config.json': `{"auths": {"ghcr.io": {"auth": "${Buffer.from(`u:${fake.password()}`).toString('base64')}"}}, "credsStore": "desktop",}\n`,
      '.config/containers/auth.json': '{"auths": {"quay.io": {"auth": 1}}}',
      '.netrc': `machine a.example.com login ada password ${fake.password()}\nmachine b.example.com login bob password\n`,
      '.git-credentials': 'not a credential url\nnor this\n',
      '.config/gh/hosts.yml': `github.com: [unclosed\n    oauth_token: ${fake.githubToken('gho')}\n`,
      '.config/hub': `github.com: [\n- oauth_token: ${fake.githubToken('ghp')}\n`,
      '.aws/credentials': `aws_access_key_id = ${fake.awsKeyId()}\n[default]\naws_secret_access_key = ${fake.awsSecret()}\n`,
      '.aws/config': '[default]\nregion = eu-west-1\nthis line is not ini\n',
      '.claude/.credentials.json': `{"claudeAiOauth": {"accessToken": "${fake.anthropicOauth()}"}, "mcpOAuth": {`,
      '.gemini/mcp-oauth-tokens.json': '[{"serverName": "linear", ',
    });
    const before = snapshot(home);
    for (const source of ['docker', 'podman', 'netrc', 'git-credentials', 'gh', 'hub', 'aws', 'claude', 'gemini']) {
      const r = keysweep(['revoke', source, '--yes', '--home', home], { env: { HOME: home } });
      assert.equal(r.status, 1, `${source}: something is left, so not a success\n${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /Not changed: .* could not be understood.*Open it and remove/, source);
      assert.doesNotMatch(r.stdout, /^\s+\d+\. delete /m, `${source}: no whole-file delete in the plan`);
    }
    assert.deepEqual(snapshot(home), before);
  });

  it('an unreadable (root-owned) Docker config is left in place, not deleted as "unreadable"', { skip: process.getuid?.() !== 0 && 'needs root to make a file its user cannot read' }, () => {
    const home = tempHome();
    writeFiles(home, { '.docker/config.json': [`{"auths": {"ghcr.io": {"auth": "${Buffer.from(`u:${fake.password()}`).toString('base64')}"}}, "proxies": {}}`, 0o000] });
    chmodSync(home, 0o755);
    chmodSync(join(home, '.docker'), 0o777); // the user could delete it: Keysweep must not
    const r = keysweep(['revoke', 'docker', '--yes', '--home', home], { env: { HOME: home }, uid: 65534 });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.ok(existsSync(join(home, '.docker', 'config.json')));
    assert.match(r.stdout, /Not changed: .*config\.json could not be understood \(permission-denied\)/);
  });

  it("a file that is wholly the tool's own login may still go whole when broken: Codex auth.json", () => {
    const home = tempHome();
    writeFiles(home, { '.codex/auth.json': '{"auth_mode": "chatgpt", "tokens": {' });
    const r = keysweep(['revoke', 'codex', '--yes', '--home', home], { env: { HOME: home } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(!existsSync(join(home, '.codex', 'auth.json')));
  });
});

describe('item 9: the .netrc editor removes exactly what the parser saw', () => {
  const password = () => fake.password();
  function netrcHome(): { home: string; text: string } {
    const home = tempHome();
    const text = [
      `machine a.example.com login ada password ${password()}`,
      'macdef init',
      `machine c.example.com login inside password ${password()}`,
      'cd /pub',
      '',
      `machine c.example.com login cy password default`,
      `machine d.example.com login dy password "machine"`,
      `machine e.example.com login ey password ${password()}`,
      '',
    ].join('\n');
    writeFiles(home, { '.netrc': text });
    return { home, text };
  }
  const entries = (text: string) => {
    const r = parseNetrc(text);
    assert.ok(r.ok, 'still a valid .netrc');
    return r.entries;
  };

  for (const [id, machine] of [
    ['netrc:c.example.com:cy', 'c.example.com'],
    ['netrc:d.example.com:dy', 'd.example.com'],
    ['netrc:a.example.com:ada', 'a.example.com'],
  ] as const) {
    it(`revoking ${machine}: the parse afterwards is the parse before without it (macro body, "default" and "machine" as values)`, () => {
      const { home, text } = netrcHome();
      const r = keysweep(['revoke', id, '--yes', '--home', home], { env: { HOME: home } });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const after = readFileSync(join(home, '.netrc'), 'utf8');
      assert.deepEqual(entries(after), entries(text).filter((e) => e.machine !== machine));
      assert.ok(after.includes('macdef init\nmachine c.example.com login inside'), 'the macro body is untouched');
      assert.match(r.stdout, /the rest of the file reads back unchanged/);
    });
  }

  it('property: for random .netrc files, removing machine M leaves the parse minus M', () => {
    const word = fc.oneof(
      fc.constantFrom('default', 'machine', 'login', 'password', 'account', 'macdef', 'port', '#x', 'x-oauth-basic', '""'),
      fc.stringMatching(/^[a-z0-9.]{1,6}$/),
      fc.stringMatching(/^[a-z ]{1,6}$/).map((s) => `"${s}"`),
    );
    const sep = fc.constantFrom(' ', '  ', '\n', '\n  ', ' \t', '\r\n', '\n\n');
    const tokens = (n: number) => fc.array(fc.tuple(word, sep), { maxLength: n }).map((ts) => ts.map(([w, s]) => `${w}${s}`).join(''));
    const entry = fc.tuple(fc.constantFrom('m1', 'm2', 'm3', 'default'), fc.array(fc.tuple(fc.constantFrom('login', 'password', 'account', 'port'), word, sep), { maxLength: 4 })).map(([m, pairs]) => `${m === 'default' ? 'default' : `machine ${m}`} ${pairs.map(([k, v, s]) => `${k} ${v}${s}`).join('')}`);
    const macdef = fc.tuple(word, fc.array(tokens(4).map((l) => l.replace(/\n/g, ' ').trim() || 'x'), { maxLength: 3 })).map(([name, body]) => `macdef ${name}\n${body.join('\n')}\n\n`);
    const comment = fc.stringMatching(/^[a-z ]{0,8}$/).map((c) => `# ${c}\n`);
    const file = fc.array(fc.oneof(entry, entry, macdef, comment, tokens(3)), { maxLength: 8 }).chain((parts) => fc.array(sep, { minLength: parts.length, maxLength: parts.length }).map((seps) => parts.map((p, i) => `${p}${seps[i]}`).join('')));
    fc.assert(
      fc.property(file, (text) => {
        const before = parseNetrcSyntax(text);
        if (!before.ok) return;
        const name = (e: { machine: string; isDefault: boolean }) => netrcEntryName(e.machine, e.isDefault);
        for (const entry of new Set(before.entries.map(name))) {
          const after = parseNetrcSyntax(removeNetrcMachine(text, entry).text);
          assert.ok(after.ok, `still valid after removing ${entry}`);
          assert.deepEqual(netrcMeaning(after.entries), netrcMeaning(before.entries.filter((e) => name(e) !== entry)));
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('item 10: MCP entry keys are names, never paths', () => {
  const keys = ['/linear|aa', 'linear|bb', 'a~1b|cc', 'x/y|dd', 'p|q|ee', '~0|ff'];
  const servers = keys.map((k) => k.slice(0, k.lastIndexOf('|')));

  for (const [i, server] of servers.entries()) {
    it(`revoke codex:mcp:${server} removes the key "${keys[i]}" and nothing else`, () => {
      const home = tempHome();
      const doc = Object.fromEntries(keys.map((k) => [k, { server_name: k.slice(0, k.lastIndexOf('|')), access_token: fake.opaque() }]));
      writeFiles(home, { '.codex/.credentials.json': JSON.stringify(doc, null, 2), '.codex/auth.json': codexAuthJson({}).text });
      const r = keysweep(['revoke', `codex:mcp:${server}`, '--yes', '--home', home], { env: { HOME: home } });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const expected = { ...doc };
      delete expected[keys[i]!];
      assert.deepEqual(JSON.parse(readFileSync(join(home, '.codex', '.credentials.json'), 'utf8')), expected);
    });
  }
});

describe('item 6 and 10: one MCP server of Gemini CLI is one array element', () => {
  it('revoke gemini:mcp:<server> removes that element only (by its name, not its index), never the whole file', () => {
    const home = tempHome();
    const servers = ['/linear', 'notion', 'a~b'];
    const doc = servers.map((serverName) => ({ serverName, token: { accessToken: fake.opaque(), expiresAt: 1 } }));
    writeFiles(home, { '.gemini/mcp-oauth-tokens.json': JSON.stringify(doc, null, 2) });
    for (const [i, server] of servers.entries()) {
      const r = keysweep(['revoke', `gemini:mcp:${server}`, '--yes', '--home', home], { env: { HOME: home } });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.deepEqual(JSON.parse(readFileSync(join(home, '.gemini', 'mcp-oauth-tokens.json'), 'utf8')), doc.slice(i + 1));
    }
  });
});

describe('redaction is conservative: names stay readable', () => {
  it('hosts, paths, variable names and words are left as written; tokens in them are masked', () => {
    for (const name of ['registry.npmjs.org', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'mcp-server-github-v2', 'MyCompanyInternalRegistry01', 'https://mcp.linear.app/mcp', '//npm.pkg.github.com/:_authToken', 'x-oauth-basic', 'profile work-eu-west-1', 'sk-learn-tools']) {
      assert.equal(redactText(name), name);
    }
    const t = fake.githubToken('ghp');
    assert.equal(redactText(`https://${t}@github.com`), `https://ghp_…${t.slice(-4)}@github.com`);
    assert.deepEqual(userAndSecret(t, 'x-oauth-basic'), { secret: t, userIsSecret: true });
    assert.deepEqual(userAndSecret('x-access-token', t), { secret: t, userIsSecret: false });
    assert.deepEqual(userAndSecret('monalisa', 'hunter2hunter2'), { secret: 'hunter2hunter2', userIsSecret: false });
  });
});

describe('item 16: hard links, made-up ids, --home, terminal escapes', () => {
  it('a hard-linked .npmrc is edited in place: every link loses the token, and the re-read agrees', () => {
    const home = tempHome();
    const token = fake.npmToken();
    writeFiles(home, { 'dotfiles/npmrc': `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${token}\n` });
    linkSync(join(home, 'dotfiles', 'npmrc'), join(home, '.npmrc'));
    const r = keysweep(['revoke', 'npm', '--yes', '--home', home], { env: { HOME: home } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    for (const p of ['.npmrc', 'dotfiles/npmrc']) assert.equal(readFileSync(join(home, p), 'utf8'), 'registry=https://registry.npmjs.org/\n', p);
    assert.match(r.stdout, /hard links/);
    assert.match(r.stdout, /nothing left for npm/);
  });

  it('an unknown credential id is a usage error (exit 2, one line naming the ids there are)', () => {
    const home = tempHome();
    writeFiles(home, { '.npmrc': `//registry.npmjs.org/:_authToken=${fake.npmToken()}\n` });
    for (const id of ['npm:registry.npmjs.or', 'npm:../../x', 'codex:mcp:nope']) {
      const before = snapshot(home);
      const r = keysweep(['revoke', id, '--yes', '--home', home], { env: { HOME: home } });
      assert.equal(r.status, 2, `${id}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.match(r.stderr, /no credential ".*" on this machine/);
      assert.deepEqual(snapshot(home), before);
    }
    assert.match(keysweep(['revoke', 'npm:typo', '--home', home], { env: { HOME: home } }).stderr, /npm has: npm:registry\.npmjs\.org\//);
  });

  it('--home must be a directory', () => {
    const file = join(tempHome(), 'not-a-dir');
    writeFileSync(file, 'x');
    for (const home of ['/etc/passwd', file, join(file, 'nope'), '/no/such/dir']) {
      for (const args of [['creds'], ['revoke', 'npm', '--dry-run'], ['grants'], ['runbook'], ['review', 'github-tokens']]) {
        const r = keysweep([...args, '--home', home], { env: { HOME: tempHome() } });
        assert.equal(r.status, 2, `${args[0]} --home ${home}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /--home must be a directory/);
      }
    }
  });

  it('names with escape sequences, line breaks and bidi controls are printed escaped by creds, revoke, grants and runbook', () => {
    const home = tempHome();
    const osc52 = '\u001b]52;c;SGVsbG8=\u0007';
    writeFiles(home, {
      '.netrc': `machine evil${osc52}.example.com login ada password ${fake.password()}\n`,
      '.npmrc': `//reg\u202eistry.example.com/:_authToken=${fake.npmToken()}\n`,
      '.docker/config.json': JSON.stringify({ auths: { 'ghcr.io\n  ✓ forged line': { auth: Buffer.from(`u:${fake.password()}`).toString('base64') } } }),
      '.codex/.credentials.json': JSON.stringify({ 'lin\u001b[2Jear|ab': { server_name: 'x', access_token: fake.opaque() } }),
      '.claude/.credentials.json': JSON.stringify({ mcpOAuth: { 'srv|1': { serverName: 'srv\u2028Checked again: nothing left', accessToken: fake.opaque() } } }),
      '.claude.json': JSON.stringify({ mcpServers: { ['bad\u001b[31mname']: { url: 'https://mcp.linear.app/mcp' } } }),
    });
    const env = { HOME: home };
    const workspace = tempHome('keysweep-ws-');
    const outputs: string[] = [];
    const run = (args: string[], e: NodeJS.ProcessEnv = env) => outputs.push(JSON.stringify(args), ...Object.values((({ stdout, stderr }) => ({ stdout, stderr }))(keysweep(args, { env: e }))));
    run(['creds', '--home', home]);
    for (const source of ['netrc', 'npm', 'docker', 'codex', 'claude']) {
      run(['revoke', source, '--dry-run', '--home', home]);
      const copy = copyHome(home);
      run(['revoke', source, '--yes', '--home', copy.home], copy.env);
    }
    run(['grants', '--home', home, '--workspace', workspace]);
    run(['runbook', '--home', home, '--workspace', workspace]);
    run(['runbook', '--home', home, '--workspace', workspace, '--markdown']);
    for (let i = 0; i < outputs.length; i += 3) {
      const text = outputs[i + 1]! + outputs[i + 2]!;
      assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/, `${outputs[i]} printed a control or bidi character`);
      assert.doesNotMatch(text, /^\s*✓ forged line/m, `${outputs[i]}: a name started a line of its own`);
    }
  });
});

describe('the suite cleans up after itself', () => {
  it('temp homes are plain folders (no stray locks left beside edited files)', () => {
    const home = tempHome();
    mkdirSync(join(home, 'x'));
    writeFiles(home, { '.npmrc': `//registry.npmjs.org/:_authToken=${fake.npmToken()}\n` });
    keysweep(['revoke', 'npm', '--yes', '--home', home], { env: { HOME: home } });
    assert.deepEqual([...snapshot(home).keys()].sort(), ['.npmrc', 'x']);
  });
});
