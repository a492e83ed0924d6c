/**
 * Generic rules: credentials in URLs, Authorization headers (Basic, Bearer), JWTs assigned to a secret-like name,
 * and high-entropy values assigned to a secret-like name. They are listed last (src/rules/index.ts), so where a
 * provider or credential-file rule matches the same value, that rule's finding is kept (overlap resolution in
 * src/engine/scan.ts) and these only report what nothing more specific knows.
 *
 * Generic rules are the first source of false positives in every peer scanner (gitleaks #1578, #1219; chezmoi #4679),
 * so each is narrow on purpose:
 *
 * - URL credentials (`scheme://user:password@host`). Decision on dev defaults: a password on a host with a dot
 *   (a real domain or an IP) is reported unless it is a placeholder word (`password`, `changeme`, `postgres`…) or the
 *   host is a documentation domain (RFC 2606/6761: example.com/.org/.net, *.example, *.test, *.invalid,
 *   *.localhost). On a local host (localhost, 127.x, 0.0.0.0, [::1], host.docker.internal) or a one-label host (a
 *   docker-compose service such as `db` or `redis`) only a generated-looking password is reported (12+ characters,
 *   entropy >= 3.5, mixed character classes): `postgres://postgres:postgres@localhost/dev` is a dev default, a
 *   random 24-character password on localhost is usually a tunnel to something real.
 * - Authorization headers: `Authorization: Basic <base64>` and `Authorization: Bearer <token>` with a literal value
 *   (not `$TOKEN`, `${token}`, `<token>`).
 * - JWT: only after a secret-like name (`token`, `jwt`, `secret`, `auth`, `session`, `password`, `api_key`,
 *   `credential`, `cookie`); a JWT in prose or test vectors alone is not reported.
 * - Secret-like name = value: see GENERIC_NAME below; the value must be 16+ characters, entropy >= 3.5, mixed
 *   character classes, not a hash/UUID, and not shaped like code, a path, a URL or an identifier.
 */
import type { RuleSpec } from '../engine/types';

/** `token` -> `[Tt][Oo][Kk][Ee][Nn]`: a name in any case while the rest of the pattern stays case-exact. */
function ci(word: string): string {
  return word.replace(/\\.|[a-z]/gi, (c) => (c.length > 1 ? c : `[${c.toUpperCase()}${c.toLowerCase()}]`));
}

/** `=`, `:`, `:=`, `=>`, `?=` (not `==`, `=~`, `::`), with the quotes and brackets of the usual config and code. */
const ASSIGN = String.raw`["'\x60\]]{0,2}[ \t]{0,5}(?:=>|:=|\?=|=(?![=~>])|:(?!:))[ \t]{0,5}["'\x60]?`;

// ------------------------------------------------------------------ URL credentials

/** Characters of the user and password parts of a URL's userinfo (no delimiters, quotes or template braces). */
const USERINFO = String.raw`[^\s:@/?#"'\x60<>\[\]{}\\|]`;
/** `://user:` then the password, up to `@`. The `://` is anchored first so the regex is cheap on any text. */
const URL_USERINFO = String.raw`://(?<=[A-Za-z0-9]://)${USERINFO}{0,128}:(?<secret>${USERINFO}{3,256})@`;
/** Hosts that are this machine (or the Docker host). */
const LOCAL_HOST = String.raw`(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|0\.0\.0\.0|\[::1\]|host\.docker\.internal)(?![A-Za-z0-9.-])`;
/** Documentation domains that can never be real (RFC 2606, RFC 6761). */
const DOC_HOST = String.raw`(?:[A-Za-z0-9-]{1,63}\.){0,8}(?:example\.(?:com|org|net)|example|invalid|test|localhost)(?![A-Za-z0-9.-])`;
/** Passwords that are placeholders or well-known defaults, never a leak. Tested case-insensitively on the secret. */
const PLACEHOLDER_PASSWORDS = String.raw`^(?:pass(?:word)?\d{0,3}|passwd|pwd|pw|secret\d{0,3}|changeme|change_me|admin|root|postgres|mysql|redis|rabbitmq|guest|test(?:ing)?\d{0,3}|user(?:name)?|example|foo(?:bar)?|bar|token|mypass(?:word)?|mysecret(?:password)?|my-secret-pw|s3cr3t|hunter2|letmein|qwerty|default|dbpass(?:word)?|demo|dev|local|[x*]{3,}|\d{3,8})$`;
/** Shell, Windows and template variables that some tools interpolate in URLs. */
const VARIABLE = String.raw`^(?:\$[A-Za-z_]\w*|%[A-Za-z_]\w*%|\$\(.*\)|:[A-Za-z_]\w*)$`;

// ------------------------------------------------------------------ the generic assignment

/**
 * Secret-like names. Not `key` alone (`"key": "ctrl+shift+p"`, `monkey`), not `public_key`/`publishable_key`
 * (lookbehind), not `*_key_id`, `*_token_type`, `secret_name`… (NOT_A_SECRET_SUFFIX).
 */
const GENERIC_NAME = [
  'api[_-]?key',
  'access[_-]?key',
  'private[_-]?key',
  'secret',
  'token',
  'passw(?:or)?d',
  'pwd',
  'passphrase',
  'auth[_-]?key',
  'signing[_-]?key',
  'encryption[_-]?key',
  'master[_-]?key',
]
  .map(ci)
  .join('|');
/** Keywords: every spelling GENERIC_NAME can take, lowercase (the prefilter is case-insensitive). */
const GENERIC_KEYWORDS = [
  'api_key', 'api-key', 'apikey',
  'access_key', 'access-key', 'accesskey',
  'private_key', 'private-key', 'privatekey',
  'secret', 'token', 'password', 'passwd', 'pwd', 'passphrase',
  'auth_key', 'auth-key', 'authkey',
  'signing_key', 'signing-key', 'signingkey',
  'encryption_key', 'encryption-key', 'encryptionkey',
  'master_key', 'master-key', 'masterkey',
];
/** Name continuations that make it metadata about a secret rather than the secret. */
const NOT_A_SECRET_SUFFIX = [
  'ids?', 'names?', 'type', 'len(?:gth)?', 'size', 'path', 'file(?:name)?', 'dir', 'url', 'uri', 'endpoint', 'host',
  'header', 'field', 'prefix', 'env', 'var', 'count', 'expir(?:y|es|ation)?', 'exp', 'ttl', 'timeout', 'limit',
  'format', 'hint', 'label', 'kind', 'ref', 'regex', 'pattern', 'policy', 'mode', 'version', 'hash', 'salt',
  'digest', 'checksum', 'fingerprint', 'sha\\d{0,3}', 'md5', 'alg(?:orithm)?', 'provider', 'manager', 'store',
  'storage', 'rotation', 'reset', 'confirm(?:ation)?', 'validator', 'input', 'placeholder', 'location', 'arn',
  'template', 'source', 'required', 'enabled', 'exists', 'set', 'usage', 'scope', 'audience', 'issuer', 'owner',
]
  .map(ci)
  .join('|');

/**
 * The secret: no whitespace, quotes, escapes, brackets, template braces or `?` (optional chaining and `??` in
 * code; never in base64 or hex); 16 to 256 characters.
 */
const GENERIC_VALUE = String.raw`[^\s"'\x60\\,;<>(){}\[\]|?]{16,256}`;
/**
 * What may follow a value: a closing quote, `;` or `&` (connection strings, query strings), whitespace, an escaped
 * newline, or the end of the line. Not `,` `)` `]` `}`: an unquoted value followed by those is code (`{apiKey: key,`,
 * `def f(private_key: Ed25519PrivateKey)`), while config formats put an unquoted value at the end of its line.
 */
const VALUE_END = String.raw`(?=["'\x60;&\s]|\\[nrt]|$)`;

/** Values that are code, identifiers, paths, URLs or known non-secret encodings. Tested case-insensitively. */
const NOT_A_SECRET_VALUE = [
  // URLs and data URIs, CSS custom properties and command-line flags
  '^[a-z][a-z0-9+.-]{1,20}://',
  '^--?[a-z]',
  '^data:',
  // file paths and file names
  '^(?:\\.{1,2}/|~/|/)',
  '\\.(?:json|ya?ml|toml|ini|cfg|conf|pem|key|crt|cer|der|p12|pfx|jks|keystore|txt|env|js|ts|py|rb|go|sh|xml|html?)$',
  // lock-file integrity, crypt/bcrypt/argon2 password hashes, ARNs and URNs
  '^sha\\d{1,3}-',
  '^\\$(?:2[abxy]?|argon2\\w*|\\d)\\$',
  '^(?:arn|urn):',
  // property access (`this.apiKey`, `config.secrets.githubToken`, `a.token`): letter segments, no random digits
  '^[a-z_$][a-z_$]*(?:\\.[a-z_$][a-z_$]*\\d{0,2})+$',
  // minified code: chained assignments (`T.MODES=T.DEFAULT_MODE=void 0`) read as one unquoted value
  '^[a-z_$][\\w$]*(?:\\.[\\w$]+)+=',
  '(?:^|=)void$',
  // a value that says what it is: generated secrets do not contain words
  'passw(?:or)?d|secret|token|sample|dummy|fake|test|demo|foobar|lorem',
];
/**
 * Identifiers, not secrets: words of letters (and `$`) with at most 4 trailing digits, or short numbers, joined by
 * `_` `-` `.` `:` `?.` `!.`, optionally negated (`!!x`): `AccessToken_With_AuthScheme`, `msal:acquireTokenSuccess`,
 * `cacheRecord?.idToken?.secret`, `JsonWebTokenAlgorithms.ES256`, `PROD_DB_PASSWORD_2`, `db-credentials-2024`,
 * `SignUpAttributeV2`. A random value almost always has a digit inside a word, so it does not fit; the price is a
 * miss on the rare generated value with no digit (6% of 16-character, 0.4% of 32-character alphanumeric strings).
 * Case-sensitive, so it is a lookahead in the pattern rather than an allow entry; each piece is one bounded class
 * run, so a failed match backtracks in linear time.
 */
const WORD = String.raw`(?:[A-Za-z$]{1,256}\d{0,4}|\d{1,4})`;
const IDENTIFIER = String.raw`!{0,2}_{0,4}${WORD}(?:(?:[_:-]|[!?]?\.)${WORD}){0,32}`;

/**
 * Token formats that carry a checksum (GitHub classic, npm): their own rules decide, so a value in that shape whose
 * checksum fails is a fake (test data, a typo), not something for a generic rule to report instead.
 */
export const CHECKSUMMED_FORMAT = '^(?:gh[pousr]|npm)_[a-z0-9]{36}$';

/** Base64 of placeholder `user:password` pairs that appear in documentation. */
const PLACEHOLDER_BASIC = ['user:pass', 'user:password', 'username:password', 'admin:admin', 'admin:password', 'user:secret']
  .map((pair) => `^${btoa(pair).replace(/[+/=]/g, (c) => `\\${c}`)}$`);

const JWT = String.raw`eyJ[A-Za-z0-9_-]{8,2048}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{16,2048}`;
const JWT_T = 'eyJ{{b64url:36}}.eyJ{{b64url:120}}.{{b64url:43}}';

const SECRETS_GUIDE = 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html';

export const genericRules: RuleSpec[] = [
  {
    id: 'url-credentials',
    provider: 'Generic',
    description: 'Password in a URL (scheme://user:password@host)',
    revokeUrl: SECRETS_GUIDE,
    keywords: ['://'],
    // A host with a dot (a domain or an IP), not a local or documentation host.
    pattern: String.raw`${URL_USERINFO}(?=[A-Za-z0-9-]{1,63}\.[A-Za-z0-9])(?!${LOCAL_HOST})(?!${DOC_HOST})`,
    allow: [PLACEHOLDER_PASSWORDS, VARIABLE, CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        'DATABASE_URL=postgres://app:{{alnum:24}}@db.acme-prod.internal:5432/app',
        'mongo = MongoClient("mongodb+srv://svc:{{alnum:16}}@cluster0.{{lower:5}}.mongodb.net/?retryWrites=true")',
        'proxy: http://jdoe:{{alpha:10}}{{digits:4}}@proxy.corp.acme.dev:3128',
        'amqp://worker:{{b64url:20}}@10.0.4.12:5672/',
      ],
      negative: [
        'DATABASE_URL=postgres://user:password@db.acme.dev:5432/app',
        'DATABASE_URL=postgres://${DB_USER}:${DB_PASS}@${DB_HOST}/app',
        'DATABASE_URL=postgres://app:{{alnum:24}}@db.example.com/app',
        'redis://:{{alnum:24}}@cache.test:6379',
        'DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev',
        'url = "https://user:$PASSWORD@git.acme.dev/app.git"',
        'see https://docs.acme.dev/a:b@c and mailto:ops@acme.dev',
        'DATABASE_URL=mysql://root:****@db.acme.dev/app',
      ],
    },
  },
  {
    id: 'url-credentials-local',
    provider: 'Generic',
    description: 'Generated-looking password in a URL to a local or docker-compose host',
    revokeUrl: SECRETS_GUIDE,
    keywords: ['://'],
    // localhost, loopback, the Docker host, or a one-label host (a compose service), followed by a port, path or end.
    pattern: String.raw`${URL_USERINFO}(?:${LOCAL_HOST}|[A-Za-z0-9_-]{1,63}(?![A-Za-z0-9_.-]))`,
    allow: [PLACEHOLDER_PASSWORDS, VARIABLE, CHECKSUMMED_FORMAT],
    entropy: 3.5,
    validators: ['mixed-charset'],
    examples: {
      positive: [
        'DATABASE_URL=postgres://app:{{alnum:24}}@localhost:5433/app',
        'CELERY_BROKER_URL=redis://:{{alnum:32}}@redis:6379/0',
      ],
      negative: [
        'DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev',
        'DATABASE_URL=postgres://app:devpassword@db:5432/app',
        'AMQP_URL=amqp://guest:guest@rabbitmq:5672/',
        'DATABASE_URL=postgres://app:{{alnum:24}}@db.acme.dev:5432/app',
      ],
    },
  },
  {
    id: 'basic-auth-header',
    provider: 'Generic',
    description: 'HTTP Basic credentials in an Authorization header',
    revokeUrl: SECRETS_GUIDE,
    keywords: ['basic '],
    pattern: String.raw`Authorization["']?[ \t]{0,3}(?:=>|[:=,])[ \t]{0,3}["'\x60]?Basic[ \t]{1,3}(?<secret>[A-Za-z0-9+/]{12,1024}={0,2})(?![A-Za-z0-9+/=])`,
    flags: 'i',
    entropy: 3,
    allow: PLACEHOLDER_BASIC,
    examples: {
      positive: [
        'curl -H "Authorization: Basic {{b64:40}}" https://api.acme.dev/v1/orders',
        "headers = {'Authorization': 'Basic {{b64:28}}='}",
      ],
      negative: [
        'curl -H "Authorization: Basic $CREDS" https://api.acme.dev',
        'Authorization: Basic <base64 of user:password>',
        `Authorization: Basic ${btoa('user:password')}`,
      ],
    },
  },
  {
    id: 'bearer-token',
    provider: 'Generic',
    description: 'Token in an Authorization: Bearer header',
    revokeUrl: SECRETS_GUIDE,
    keywords: ['bearer'],
    pattern: String.raw`Authorization["']?[ \t]{0,3}(?:=>|[:=,])[ \t]{0,3}["'\x60]?Bearer[ \t]{1,3}(?<secret>[A-Za-z0-9._~+/=-]{20,4096})(?![A-Za-z0-9._~+/=-])`,
    flags: 'i',
    entropy: 3.5,
    validators: ['mixed-charset'],
    allow: [CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        'curl -H "Authorization: Bearer {{b64url:40}}" https://api.acme.dev/v1/me',
        `fetch(url, { headers: { Authorization: 'Bearer ${JWT_T}' } })`,
        'GET /v1/me HTTP/1.1\nAuthorization: Bearer {{alnum:32}}\n',
      ],
      negative: [
        'curl -H "Authorization: Bearer $TOKEN" https://api.acme.dev',
        'headers: { Authorization: `Bearer ${token}` }',
        'Authorization: Bearer <token>',
        'Authorization: Bearer YOUR_ACCESS_TOKEN_GOES_HERE',
        'curl -H "Authorization: Bearer {{gh-bad:gho}}" https://api.github.com/user',
        'The Bearer scheme is described in RFC 6750 and used with OAuth 2.0 access tokens everywhere.',
      ],
    },
  },
  {
    id: 'jwt-assigned',
    provider: 'Generic',
    description: 'JSON Web Token assigned to a secret-like name',
    revokeUrl: SECRETS_GUIDE,
    keywords: ['eyj'],
    pattern: String.raw`(?:${['jwt', 'token', 'secret', 'auth', 'bearer', 'session', 'passw(?:or)?d', 'api[_-]?key', 'credentials?', 'cookie'].map(ci).join('|')})[A-Za-z0-9_.-]{0,30}${ASSIGN}(?:Bearer[ \t]{1,3})?(?<secret>${JWT})(?![A-Za-z0-9_-])`,
    entropy: 4,
    examples: {
      positive: [
        `SESSION_JWT=${JWT_T}`,
        `const idToken = "${JWT_T}";`,
        `{"access_token": "${JWT_T}", "token_type": "Bearer"}`,
      ],
      negative: [
        `// decoding ${JWT_T} by hand shows the header and the claims`,
        'token = "eyJhbGciOi..."',
        `SESSION_JWT=eyJ{{b64url:36}}.eyJ{{b64url:120}}.`,
      ],
    },
  },
  {
    id: 'generic-secret-assignment',
    provider: 'Generic',
    description: 'High-entropy value assigned to a secret-like name (api_key, secret, token, password…)',
    revokeUrl: SECRETS_GUIDE,
    keywords: GENERIC_KEYWORDS,
    pattern:
      String.raw`(?<!${ci('public')}[_-]?|${ci('publishable')}[_-]?)(?:${GENERIC_NAME})(?![a-z])(?![_.-]?(?:${NOT_A_SECRET_SUFFIX})(?![a-z]))` +
      String.raw`[A-Za-z0-9_.-]{0,20}${ASSIGN}(?!${IDENTIFIER}${VALUE_END})(?<secret>${GENERIC_VALUE})${VALUE_END}`,
    entropy: 3.5,
    validators: ['mixed-charset', 'not-hex-only'],
    allow: [...NOT_A_SECRET_VALUE, CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        'STRIPE_WEBHOOK_SIGNING_SECRET={{alnum:32}}',
        'api_key: "{{alnum:24}}"',
        '{ "clientSecret": "{{b64url:40}}" }',
        'DJANGO_SECRET_KEY = "{{b64:50}}"',
        'export ACME_AUTH_TOKEN={{alnum:40}}',
        'db_password = "{{alnum:6}}#{{alnum:5}}!{{alnum:6}}"',
        'apiKey := "{{alnum:20}}"',
      ],
      negative: [
        'T.findMissingPatterns=T.analyzeTokenTypes=T.enableSticky=T.disableSticky=T.SUPPORT_STICKY=T.MODES=T.DEFAULT_MODE=void 0;var dn=xt();',
        '{ "key": "ctrl+shift+p", "command": "workbench.action.showCommands" }',
        'public_key = "{{b64:44}}"',
        'aws_access_key_id = "AKIA{{base32:16}}"',
        'api_key_id: "{{alnum:24}}"',
        '"integrity": "sha512-{{b64:86}}=="',
        'token = "{{hex:8}}-{{hex:4}}-{{hex:4}}-{{hex:4}}-{{hex:12}}"',
        'secret_hash = "{{hex:64}}"',
        'api_key = "{{hex:40}}"',
        'password: passwordConfirmationField',
        'ACCESS_TOKEN_WITH_AUTH_SCHEME: "AccessToken_With_AuthScheme"',
        'idToken: cacheRecord?.idToken?.secret || "",',
        'tokenBindingKeyAlgorithm: JsonWebTokenAlgorithms.ES256,',
        'private tokenBindingKeyManager: ITokenBindingKeyManager;',
        'const clientSecretNotEmpty = !!this.config.auth.clientSecret;',
        'extendedLifetimeToken:e.extendedLifetimeToken??!1,',
        'const platformToken = "platformAuthDOMGetToken";',
        'def load(backend: "Backend", private_key: "_EllipticCurvePrivateKey", data: bytes):',
        'def sign(self, private_key: ed25519.Ed25519PrivateKey, data: bytes):',
        'const client = new Client({ apiKey: apiKeyFromVault2024, timeout });',
        'oauth_token_secret=secret%3Dpassword&oauth_token=lock%26key',
        'API_TOKEN=test-{{alnum:24}}',
        'const RefreshTokenClientAcquireTokenByRefreshToken = "refreshTokenClientAcquireTokenByRefreshToken";',
        'apiKey: this.configuredApiKey,',
        'token_url: https://auth.acme.dev/oauth/token',
        'private_key_path = "/etc/ssl/private/server.key"',
        'SECRET_NAME = PROD_DATABASE_PASSWORD',
        'secretName: db-credentials-2024',
        'api_key = "your-api-key-here"',
        'API_KEY=${API_KEY}',
        'token = process.env.ACME_TOKEN',
        'password = os.environ["DB_PASSWORD"]',
        'tokenizer = "bert-base-uncased-v2"',
        'password: "********************"',
        'if (token === "{{alnum:24}}") return;',
        'logo: data:image/png;base64,{{b64:60}}',
        'GITHUB_TOKEN={{gh-bad:ghp}}',
        'NPM_TOKEN={{npm-bad}}',
        'const cssToken = "--vscode-editor-background0";',
      ],
    },
  },
];
