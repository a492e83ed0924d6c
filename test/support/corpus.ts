/**
 * A generated workspace for precision and leak tests: files of many types with planted secrets at known lines, and
 * look-alike files (placeholders, masked values, env references, hashes, lock files, public keys, checksum-invalid
 * tokens…) that must produce no finding at all.
 *
 * Nothing secret-shaped is committed: every value is expanded at test time from a template with a seeded PRNG, so
 * the corpus is the same on every run. Provider-format values are taken from the rule's own positive example (the
 * engine tells which part of the example is the secret), then planted in other contexts; generic and credential-file
 * values come from templates here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileRuleSet, scanText } from '../../src/engine';
import type { RuleSpec } from '../../src/engine/types';
import { expandTemplate, seedFrom, seededRandom } from '../../src/rules/example-template';
import { builtinRules } from '../../src/rules';

export interface Planted {
  /** Relative to the corpus root, forward slashes. */
  path: string;
  /** 1-based line of the secret's first character. */
  line: number;
  /** The rule expected to report it (overlapping rules resolve to this one: see test/unit/corpus.test.ts). */
  ruleId: string;
  /** The raw secret, exactly the text the rule's `secret` group captures; tests check it never leaks. */
  value: string;
}

export interface Corpus {
  planted: Planted[];
  /** Relative paths of files that must produce no finding. */
  lookalikeFiles: string[];
}

let ruleSetCache: ReturnType<typeof compileRuleSet> | undefined;
function ruleSet(): ReturnType<typeof compileRuleSet> {
  ruleSetCache ??= compileRuleSet(builtinRules);
  return ruleSetCache;
}

function rule(id: string): RuleSpec {
  const found = builtinRules.find((r) => r.id === id);
  if (!found) throw new Error(`corpus: no built-in rule "${id}" (renamed or removed? update test/support/corpus.ts)`);
  return found;
}

/** A value in a provider's format: the secret part of that rule's positive example `index`, expanded with `seed`. */
function sample(ruleId: string, seed: string, index = 0): string {
  const spec = rule(ruleId);
  const example = spec.examples.positive[index];
  if (example === undefined) throw new Error(`corpus: rule "${ruleId}" has no positive example ${index}`);
  const { path, text } = typeof example === 'string' ? { path: 'example.txt', text: example } : example;
  const expanded = expandTemplate(text, seededRandom(seedFrom(`corpus:${ruleId}:${seed}`)));
  const finding = scanText(expanded, path, ruleSet()).find((f) => f.ruleId === ruleId);
  if (!finding) throw new Error(`corpus: rule "${ruleId}" does not find its own positive example ${index}`);
  return expanded.slice(finding.start, finding.end);
}

/** Expands a template of our own (src/rules/example-template.ts placeholders). */
function make(template: string, seed: string): string {
  return expandTemplate(template, seededRandom(seedFrom(`corpus:${seed}`)));
}

const VALUE = '\u0000VALUE\u0000';

/** Builds one file line by line; `plant` records where the secret lands. */
class FileBuilder {
  private readonly lines: string[] = [];
  constructor(
    readonly path: string,
    private readonly planted: Planted[],
  ) {}

  add(...lines: string[]): this {
    for (const l of lines) this.lines.push(...l.split('\n'));
    return this;
  }

  /** `line` holds VALUE where the secret goes; it may span several lines (a PEM block). */
  plant(ruleId: string, value: string, line: string): this {
    rule(ruleId);
    const at = line.indexOf(VALUE);
    if (at < 0) throw new Error(`corpus: no VALUE marker in a line of ${this.path}`);
    const before = line.slice(0, at);
    const firstLine = this.lines.length + 1 + (before.match(/\n/g)?.length ?? 0);
    this.planted.push({ path: this.path, line: firstLine, ruleId, value });
    return this.add(line.replace(VALUE, value));
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

function b64Lines(template: string, lines: number, last: number): string {
  return make([...Array.from({ length: lines }, () => '{{b64:64}}'), `{{b64:${last}}}`].join('\n'), template);
}

const JWT = 'eyJ{{b64url:36}}.eyJ{{b64url:140}}.{{b64url:43}}';

/** Writes the corpus under `dir` (which must exist or be creatable) and returns what was planted where. */
export function generateCorpus(dir: string): Corpus {
  const planted: Planted[] = [];
  const files = new Map<string, string>();
  const file = (path: string): FileBuilder => new FileBuilder(path, planted);
  const done = (b: FileBuilder): void => void files.set(b.path, b.text());
  const V = VALUE;

  // ---------------------------------------------------------------- .env files (one looks git-ignored)
  done(
    file('app/.env')
      .add('# Production settings', 'NODE_ENV=production', 'PORT=8080')
      .plant('openai-project-key', sample('openai-project-key', 'env'), `OPENAI_API_KEY=${V}`)
      .plant('anthropic-api-key', sample('anthropic-api-key', 'env'), `ANTHROPIC_API_KEY="${V}"`)
      .plant('stripe-secret-key', sample('stripe-secret-key', 'env'), `STRIPE_SECRET_KEY=${V}`)
      .plant('url-credentials', make('{{alnum:24}}', 'env-db'), `DATABASE_URL=postgres://app:${V}@db.acme-prod.internal:5432/app`)
      .plant('generic-secret-assignment', make('{{alnum:40}}', 'env-session'), `SESSION_SECRET=${V}`)
      .add('LOG_LEVEL=info', 'FEATURE_FLAGS=a,b,c'),
  );
  done(
    file('app/.env.local')
      .add('# local overrides, not committed')
      .plant('github-pat-classic', sample('github-pat-classic', 'envlocal'), `GITHUB_TOKEN=${V}`)
      .plant('huggingface-access-token', sample('huggingface-access-token', 'envlocal'), `HF_TOKEN=${V}`)
      .plant('google-api-key', sample('google-api-key', 'envlocal'), `GEMINI_API_KEY=${V}`)
      .plant('xai-api-key', sample('xai-api-key', 'envlocal'), `XAI_API_KEY=${V}`)
      .plant('url-credentials-local', make('{{alnum:28}}', 'envlocal-redis'), `REDIS_URL=redis://:${V}@localhost:6380/0`),
  );

  // ---------------------------------------------------------------- JSON
  done(
    file('config/settings.json')
      .add('{', '  "name": "acme-api",', '  "slack": {')
      .plant('slack-bot-token', sample('slack-bot-token', 'json'), `    "botToken": "${V}",`)
      .add('    "channel": "#alerts"', '  },', '  "mail": {')
      .plant('sendgrid-api-key', sample('sendgrid-api-key', 'json'), `    "sendgridKey": "${V}"`)
      .add('  },', '  "oauth": {', '    "clientId": "acme-web",')
      .plant('generic-secret-assignment', make('{{b64url:40}}', 'json-client-secret'), `    "clientSecret": "${V}",`)
      .add('    "redirectUri": "https://app.acme.dev/callback"', '  },')
      .plant('linear-api-key', sample('linear-api-key', 'json'), `  "linearApiKey": "${V}"`)
      .add('}'),
  );

  // ---------------------------------------------------------------- YAML
  done(
    file('deploy/values.yaml')
      .add('replicaCount: 2', 'env:')
      .plant('aws-access-key-id', sample('aws-access-key-id', 'yaml'), `  aws_access_key_id: ${V}`)
      .add('  region: eu-west-1')
      .plant('aws-secret-access-key', make('{{b64:40}}', 'yaml-aws-secret'), `  aws_secret_access_key: "${V}"`)
      .add('alerts:')
      .plant('slack-webhook-url', sample('slack-webhook-url', 'yaml'), `  webhook: ${V}`)
      .add('upstream:', '  headers:')
      .plant('bearer-token', make('{{b64url:48}}', 'yaml-bearer'), `    Authorization: Bearer ${V}`)
      .add('resources:', '  limits:', '    memory: 512Mi'),
  );

  // ---------------------------------------------------------------- Python
  done(
    file('scripts/sync.py')
      .add('import os', 'import requests', 'from openai import OpenAI', 'from pymongo import MongoClient', '')
      .plant('openai-service-account-key', sample('openai-service-account-key', 'py'), `client = OpenAI(api_key="${V}")`)
      .plant('groq-api-key', sample('groq-api-key', 'py'), `GROQ_KEY = '${V}'`)
      .plant('url-credentials', make('{{alnum:20}}', 'py-mongo'), `mongo = MongoClient("mongodb+srv://svc:${V}@cluster0.ab12c.mongodb.net/?retryWrites=true")`)
      .add('', 'def fetch(url):')
      .plant('bearer-token', make('{{alnum:36}}', 'py-bearer'), `    return requests.get(url, headers={"Authorization": "Bearer ${V}"})`)
      .add('', 'DB = {')
      .plant('generic-secret-assignment', make('{{alnum:8}}#{{alnum:6}}!{{alnum:6}}', 'py-password'), `    "password": "${V}",`)
      .add('    "user": os.environ["DB_USER"],', '}'),
  );

  // ---------------------------------------------------------------- TypeScript
  done(
    file('src/client.ts')
      .add("import { Gitlab } from '@gitbeaker/rest';", '')
      .plant('gitlab-pat', sample('gitlab-pat', 'ts'), `const gitlab = new Gitlab({ token: '${V}' });`)
      .plant('jwt-assigned', make(JWT, 'ts-jwt'), `export const serviceToken = "${V}";`)
      .plant('basic-auth-header', make('{{b64:32}}', 'ts-basic'), `const headers = { Authorization: 'Basic ${V}' };`)
      .add('')
      .plant(
        'private-key-pem-escaped',
        make('-----BEGIN PRIVATE KEY-----\\n{{b64:64}}\\n{{b64:64}}\\n{{b64:64}}\\n{{b64:30}}\\n-----END PRIVATE KEY-----\\n', 'ts-pem'),
        `const signingKey = "${V}";`,
      )
      .plant('anthropic-admin-key', sample('anthropic-admin-key', 'ts'), `process.env.ANTHROPIC_ADMIN_KEY ??= \`${V}\`;`)
      .add('export { gitlab, headers, signingKey };'),
  );

  // ---------------------------------------------------------------- Java
  done(
    file('src/main/java/com/acme/Config.java')
      .add('package com.acme;', '', 'public final class Config {')
      .plant('github-pat-fine-grained', sample('github-pat-fine-grained', 'java'), `    static final String GH = "${V}";`)
      .plant('shopify-access-token', sample('shopify-access-token', 'java'), `    static final String SHOPIFY = "${V}";`)
      .plant('url-credentials', make('{{alnum:18}}', 'java-jdbc'), `    static final String DB = "jdbc:mysql://report:${V}@10.20.0.7:3306/sales";`)
      .plant('generic-secret-assignment', make('{{alnum:32}}', 'java-secret'), `    private String apiSecret = "${V}";`)
      .add('}'),
  );

  // ---------------------------------------------------------------- shell
  done(
    file('scripts/deploy.sh')
      .add('#!/usr/bin/env bash', 'set -euo pipefail')
      .plant('hashicorp-vault-service-token', sample('hashicorp-vault-service-token', 'sh'), `export VAULT_TOKEN=${V}`)
      .plant('digitalocean-personal-access-token', sample('digitalocean-personal-access-token', 'sh'), `export DIGITALOCEAN_TOKEN="${V}"`)
      .plant('dockerhub-pat', sample('dockerhub-pat', 'sh'), `echo "${V}" | docker login -u acmeci --password-stdin`)
      .plant('bearer-token', make('{{b64url:44}}', 'sh-bearer'), `curl -fsS -H "Authorization: Bearer ${V}" https://api.acme.dev/v1/deploy`)
      .add('echo done'),
  );

  // ---------------------------------------------------------------- Dockerfile
  done(
    file('Dockerfile')
      .add('FROM node:20-slim', 'WORKDIR /app')
      .plant('npm-access-token', sample('npm-access-token', 'docker', 1), `ENV NPM_TOKEN=${V}`)
      .plant('pulumi-access-token', sample('pulumi-access-token', 'docker'), `ARG PULUMI_ACCESS_TOKEN=${V}`)
      .plant(
        'github-server-to-server-token',
        sample('github-server-to-server-token', 'docker'),
        `RUN git clone https://x-access-token:${V}@github.com/acme/private.git`,
      )
      .add('COPY . .', 'CMD ["node", "server.js"]'),
  );

  // ---------------------------------------------------------------- Markdown
  done(
    file('docs/setup.md')
      .add('# Setup', '', 'Export your key (this one was pasted by mistake):', '', '```sh')
      .plant('openrouter-api-key', sample('openrouter-api-key', 'md'), `export OPENROUTER_API_KEY=${V}`)
      .add('```', '', 'Alerts go to Discord:', '')
      .plant('discord-webhook-url', sample('discord-webhook-url', 'md'), `- webhook: <${V}>`)
      .add('')
      .plant('telegram-bot-token', sample('telegram-bot-token', 'md'), `The bot token is \`${V}\`.`),
  );

  // ---------------------------------------------------------------- Jupyter notebook
  done(
    file('notebooks/analysis.ipynb')
      .add('{', ' "cells": [', '  {', '   "cell_type": "code",', '   "execution_count": 1,', '   "metadata": {},', '   "outputs": [],', '   "source": [')
      .add('    "import os\\n",')
      .plant('replicate-api-token', sample('replicate-api-token', 'ipynb'), `    "os.environ[\\"REPLICATE_API_TOKEN\\"] = \\"${V}\\"\\n",`)
      .plant('openai-project-key', sample('openai-project-key', 'ipynb'), `    "client = OpenAI(api_key=\\"${V}\\")"`)
      .add('   ]', '  }', ' ],', ' "metadata": {"kernelspec": {"name": "python3"}},', ' "nbformat": 4,', ' "nbformat_minor": 5', '}'),
  );

  // ---------------------------------------------------------------- key files
  done(
    file('keys/deploy_key.pem').plant(
      'private-key-pem',
      `-----BEGIN RSA PRIVATE KEY-----\n${b64Lines('pem-rsa', 24, 36)}\n-----END RSA PRIVATE KEY-----`,
      V,
    ),
  );
  done(
    file('keys/id_ed25519').plant(
      'private-key-openssh',
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${make('b3BlbnNzaC1rZXktdjEAAAAA{{b64:46}}', 'openssh-1')}\n${b64Lines('openssh', 5, 20)}\n-----END OPENSSH PRIVATE KEY-----`,
      V,
    ),
  );

  // ---------------------------------------------------------------- package managers
  done(
    file('.npmrc')
      .add('registry=https://registry.npmjs.org/', '@acme:registry=https://acme.jfrog.io/api/npm/npm/')
      .plant('npm-access-token', sample('npm-access-token', 'npmrc'), `//registry.npmjs.org/:_authToken=${V}`)
      .plant('npmrc-auth-token', make('{{b64:64}}', 'npmrc-jfrog'), `//acme.jfrog.io/api/npm/npm/:_authToken=${V}`),
  );
  done(
    file('.docker/config.json')
      .add('{', '  "auths": {', '    "https://index.docker.io/v1/": {')
      .plant('docker-config-auth', make('{{b64:40}}', 'docker-auth'), `      "auth": "${V}"`)
      .add('    },', '    "ghcr.io": {}', '  },', '  "credsStore": ""', '}'),
  );

  // ---------------------------------------------------------------- credential files copied into a repo
  done(
    file('home/.codex/auth.json')
      .add('{', '  "auth_mode": "chatgpt",', '  "OPENAI_API_KEY": null,', '  "tokens": {')
      .plant('codex-auth-json', make(JWT, 'codex-id'), `    "id_token": "${V}",`)
      .plant('codex-auth-json', make('{{b64url:64}}', 'codex-refresh'), `    "refresh_token": "${V}",`)
      .add('    "account_id": null', '  },', '  "last_refresh": "2026-05-01T10:00:00Z"', '}'),
  );
  done(
    file('home/.netrc')
      .add('machine api.heroku.com')
      .add('  login ci@acme.dev')
      .plant('netrc-password', make('{{alnum:32}}', 'netrc'), `  password ${V}`),
  );
  done(
    file('home/.git-credentials').plant('git-credentials-url', make('{{alnum:40}}', 'gitcred'), `https://deploy:${V}@git.acme.dev`),
  );
  done(
    file('home/.config/gh/hosts.yml')
      .add('github.acme.dev:', '    git_protocol: https', '    user: monalisa')
      .plant('gh-hosts-oauth-token', make('{{hex:40}}', 'gh-hosts'), `    oauth_token: ${V}`),
  );
  done(
    file('deploy/gcp-key.json')
      .add('{', '  "type": "service_account",', '  "project_id": "acme-prod",', `  "private_key_id": "${make('{{hex:40}}', 'sa-id')}",`)
      .plant(
        'gcp-service-account-key',
        make(`-----BEGIN PRIVATE KEY-----\\n${Array.from({ length: 20 }, () => '{{b64:64}}').join('\\n')}\\n{{b64:24}}\\n-----END PRIVATE KEY-----\\n`, 'sa-key'),
        `  "private_key": "${V}",`,
      )
      .add('  "client_email": "deployer@acme-prod.iam.gserviceaccount.com",', '  "token_uri": "https://oauth2.googleapis.com/token"', '}'),
  );
  done(
    file('home/.pgpass')
      .add('# hostname:port:database:username:password')
      .plant('pgpass-password', make('{{alnum:24}}', 'pgpass'), `db.acme.dev:5432:app:app_rw:${V}`),
  );
  done(
    file('home/.aws/credentials')
      .add('[r2]', `aws_access_key_id = ${make('{{hex:32}}', 'r2-id')}`)
      .plant('aws-credentials-file', make('{{hex:64}}', 'r2-secret'), `aws_secret_access_key = ${V}`),
  );
  done(
    file('home/.kube/config')
      .add('apiVersion: v1', 'kind: Config', 'users:', '- name: ci', '  user:')
      .plant('kubeconfig-user-token', make(JWT, 'kube-token'), `    token: ${V}`),
  );

  // ---------------------------------------------------------------- look-alikes: none of these is a finding
  const lookalikes = new Map<string, string>();
  const L = (path: string, text: string): void => void lookalikes.set(path, text);

  L(
    'lookalike/placeholders.env',
    [
      'OPENAI_API_KEY=your-api-key-here',
      'ANTHROPIC_API_KEY=<TOKEN>',
      'OPENAI_API_KEY=sk-...',
      'OPENAI_API_KEY=sk-proj-...',
      'GITHUB_TOKEN=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx',
      'SLACK_BOT_TOKEN=xoxb-your-bot-token',
      'API_KEY=changeme',
      'SECRET_KEY=replace-me-with-a-long-random-string',
      'DATABASE_URL=postgres://user:password@localhost:5432/app',
      'DATABASE_URL=postgres://postgres:postgres@db:5432/dev',
      'MONGO_URL=mongodb://username:password@mongo.example.com:27017/app',
      'AWS_SECRET_ACCESS_KEY=<your-secret-access-key>',
      'HF_TOKEN=hf_...',
      'PASSWORD=',
    ].join('\n') + '\n',
  );
  L(
    'lookalike/masked.txt',
    [
      'Logged in using an API key - sk-proj-***ABCDE',
      'key: sk-…abcd',
      'token: ****',
      'GITHUB_TOKEN=ghp_****************************',
      'api_key = "••••••••••••••••••••"',
      'password: "********************"',
      'Authorization: Bearer ***',
      'OPENAI_API_KEY=sk-proj-…Ab12 (rotated)',
    ].join('\n') + '\n',
  );
  L(
    'lookalike/env-refs.ts',
    [
      'const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });',
      'const token = process.env.GITHUB_TOKEN ?? "";',
      'const secret = `${process.env.APP_SECRET}`;',
      'const url = `postgres://${user}:${password}@${host}:5432/app`;',
      'headers.Authorization = `Bearer ${accessToken}`;',
      'const password = config.database.password;',
      'export const apiKey = this.settings.apiKey;',
    ].join('\n') + '\n',
  );
  L(
    'lookalike/env_refs.py',
    [
      'import os',
      'API_KEY = os.environ["OPENAI_API_KEY"]',
      'TOKEN = os.getenv("GITHUB_TOKEN")',
      'password = os.environ.get("DB_PASSWORD", "")',
      'SECRET_KEY = settings.SECRET_KEY',
      'headers = {"Authorization": f"Bearer {token}"}',
    ].join('\n') + '\n',
  );
  L(
    'lookalike/ci.yml',
    [
      'env:',
      '  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
      '  NPM_TOKEN: ${NPM_TOKEN}',
      '  API_KEY: $API_KEY',
      '  PASSWORD: ${{ secrets.DB_PASSWORD }}',
      'steps:',
      '  - run: echo "$TOKEN" | docker login -u ci --password-stdin',
      '  - run: curl -H "Authorization: Bearer $ACCESS_TOKEN" https://api.acme.dev',
    ].join('\n') + '\n',
  );
  L(
    'lookalike/ids.json',
    [
      '{',
      `  "request_id": "${make('{{hex:8}}-{{hex:4}}-4{{hex:3}}-a{{hex:3}}-{{hex:12}}', 'uuid-1')}",`,
      `  "session_token_id": "${make('{{hex:8}}-{{hex:4}}-4{{hex:3}}-b{{hex:3}}-{{hex:12}}', 'uuid-2')}",`,
      `  "commit": "${make('{{hex:40}}', 'sha1')}",`,
      `  "tree": "${make('{{hex:40}}', 'sha1-tree')}",`,
      `  "sha256": "${make('{{hex:64}}', 'sha256')}",`,
      `  "checksum": "sha256:${make('{{hex:64}}', 'sha256-2')}",`,
      `  "etag": "W/\\"${make('{{hex:32}}', 'etag')}\\"",`,
      `  "token": "${make('{{hex:8}}-{{hex:4}}-4{{hex:3}}-8{{hex:3}}-{{hex:12}}', 'uuid-3')}",`,
      `  "secret_hash": "${make('{{hex:64}}', 'sha256-3')}",`,
      `  "api_key_id": "${make('{{alnum:20}}', 'key-id')}",`,
      `  "password_sha1": "${make('{{hex:40}}', 'sha1-pw')}"`,
      '}',
    ].join('\n') + '\n',
  );
  const integrity = (seed: string): string => `sha512-${make('{{b64:86}}', seed)}==`;
  L(
    'lookalike/package-lock.json',
    [
      '{',
      '  "name": "acme",',
      '  "lockfileVersion": 3,',
      '  "packages": {',
      '    "node_modules/js-tokens": {',
      '      "version": "4.0.0",',
      '      "resolved": "https://registry.npmjs.org/js-tokens/-/js-tokens-4.0.0.tgz",',
      `      "integrity": "${integrity('lock-1')}"`,
      '    },',
      '    "node_modules/@secretlint/types": {',
      '      "version": "9.0.0",',
      '      "resolved": "https://registry.npmjs.org/@secretlint/types/-/types-9.0.0.tgz",',
      `      "integrity": "${integrity('lock-2')}"`,
      '    },',
      '    "node_modules/tokenizer": {',
      `      "integrity": "sha1-${make('{{b64:27}}', 'lock-3')}="`,
      '    }',
      '  }',
      '}',
    ].join('\n') + '\n',
  );
  L(
    'lookalike/styles.css',
    [
      '.logo {',
      `  background: url("data:image/png;base64,${make('{{b64:200}}', 'data-uri')}");`,
      '}',
      `.icon { mask: url(data:image/svg+xml;base64,${make('{{b64:120}}', 'data-uri-2')}); }`,
      ':root { --token-color: #ff0000; --secret-panel-width: 240px; }',
    ].join('\n') + '\n',
  );
  L('lookalike/id_ed25519.pub', `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA${make('{{b64:44}}', 'ssh-pub')} dev@laptop\n`);
  L('lookalike/id_rsa.pub', `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${make('{{b64:340}}', 'ssh-rsa-pub')} dev@laptop\n`);
  L('lookalike/server.crt', `-----BEGIN CERTIFICATE-----\n${b64Lines('cert', 18, 40)}\n-----END CERTIFICATE-----\n`);
  L('lookalike/public.pem', `-----BEGIN PUBLIC KEY-----\n${b64Lines('pubkey', 5, 56)}\n-----END PUBLIC KEY-----\n`);
  L(
    'lookalike/app.min.js',
    '!function(){"use strict";var e={},t=function(n){return n.token||n.accessToken},r={apiKey:e.apiKey,secret:e.secret,' +
      'password:e.password};function o(n,a){var i=n.secret;return a.token=i.tokenValue,a}var s="' +
      make('{{alnum:24}}', 'min-chunk') +
      '";e.chunkId=s;window.__acme={tokenize:t,secretFor:o,cfg:r}}();\n' +
      `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${make('{{b64:160}}', 'sourcemap')}\n`,
  );
  L(
    'lookalike/bad-checksums.env',
    [
      `GITHUB_TOKEN=${make('{{gh-bad:ghp}}', 'bad-ghp')}`,
      `GH_TOKEN=${make('{{gh-bad:gho}}', 'bad-gho')}`,
      `NPM_TOKEN=${make('{{npm-bad}}', 'bad-npm')}`,
    ].join('\n') + '\n',
  );
  L(
    'lookalike/.npmrc',
    ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}', `//registry.npmjs.org/:_authToken=${make('{{npm-bad}}', 'bad-npm-2')}`, 'always-auth=true'].join('\n') + '\n',
  );
  L(
    '.vscode/keybindings.json',
    [
      '[',
      '  { "key": "ctrl+shift+p", "command": "workbench.action.showCommands" },',
      '  { "key": "ctrl+shift+down", "command": "editor.action.copyLinesDownAction", "when": "editorTextFocus" },',
      '  { "key": "cmd+k cmd+s", "command": "workbench.action.openGlobalKeybindings" }',
      ']',
    ].join('\n') + '\n',
  );
  L(
    'lookalike/docs.md',
    [
      '# Authentication',
      '',
      'Pass `Authorization: Bearer <token>` with every request, or `Authorization: Basic <base64 of user:password>`.',
      '',
      '```',
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEpAIBAAKCAQEA...',
      '-----END RSA PRIVATE KEY-----',
      '```',
      '',
      'Connection strings look like `postgres://USER:PASSWORD@HOST:5432/DB`.',
      'Keys start with `sk-proj-`, `ghp_` or `-----BEGIN` and are never shown in full.',
      'Set `api_key` to the value of your key; the `token_type` is `bearer`.',
    ].join('\n') + '\n',
  );

  for (const [path, text] of [...files, ...lookalikes]) {
    const full = join(dir, ...path.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return { planted, lookalikeFiles: [...lookalikes.keys()] };
}
