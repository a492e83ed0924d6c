/**
 * Private keys: PEM (PKCS#1 RSA, SEC1 EC, DSA, PKCS#8 plain and encrypted), OpenSSH, PGP armored private key
 * blocks, PuTTY .ppk files, and a PEM pasted into source as one escaped string (`"-----BEGIN…\n…\n-----END…"`).
 * Public keys and certificates are never findings: every pattern names PRIVATE in its armor line.
 *
 * The secret is the whole block from BEGIN to END, so an editor underlines the key and the finding points at the
 * BEGIN line. Bodies are a bounded run of a base64-and-whitespace class that excludes `-`, so a body stops at the
 * next armor line: each BEGIN costs at most the distance to the next `-` (no `[\s\S]{…}?` gap that could re-scan the
 * text from every BEGIN). A body must be at least 60 characters (the smallest real key, Ed25519 PKCS#8, is 64), and
 * the END line must be there: a truncated block in documentation (`MIIE…`) is not reported.
 *
 * The shared look-alike filter is skipped (a 1,700-character random body contains `xxxx` or `null` often enough to
 * cause misses); instead an entropy floor and an allow list reject placeholder bodies.
 */
import type { RuleSpec } from '../engine/types';

const SSH_KEYS = 'https://github.com/settings/keys';
const ROTATE_KEYS = 'https://cheatsheetseries.owasp.org/cheatsheets/Key_Management_Cheat_Sheet.html';
const PGP_REVOKE = 'https://www.gnupg.org/gph/en/manual/c14.html';

/** A base64 body with the line breaks and indentation of a PEM file (also inside a YAML block scalar). */
const BODY = String.raw`[A-Za-z0-9+/=\s]{60,16384}`;
/** A body written as one string literal: base64 and escaped line breaks (`\n`, `\r\n`, doubly escaped `\\n`). */
export const ESCAPED_BODY = String.raw`(?:[A-Za-z0-9+/=]|\\{1,2}[rn]){60,16384}`;
/** RFC 1421 headers of a traditionally encrypted PEM (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: AES-256-CBC,…`). */
const PEM_HEADERS = String.raw`(?:\s{1,40}(?:Proc-Type|DEK-Info):[^\r\n]{1,200}){0,2}`;
/** Armor headers of a PGP block (`Version: GnuPG v2`, `Comment: …`). */
const PGP_HEADERS = String.raw`(?:\s{1,40}(?:Version|Comment|Hash|Charset|MessageID):[^\r\n]{0,200}){0,8}`;
/**
 * A JSON field that holds a private key. The escaped-PEM rule leaves these to the credential-file rules
 * (files.ts: Google service-account key, then any JSON `private_key`), which are listed after this family and
 * would otherwise lose the overlap to the less specific description.
 */
export const JSON_PRIVATE_KEY_FIELD = String.raw`"(?:private_key|privateKey)"[ \t]{0,5}:[ \t]{0,5}"`;

/** Bodies that are obviously not a key. Tested case-insensitively against the whole block. */
const PLACEHOLDER_BODY = ['x{16}', 'EXAMPLE', 'REDACTED', 'PLACEHOLDER'];

/** `{{b64:64}}` lines joined by `\n`: the body of an example key with `lines` lines. */
function b64Lines(lines: number, last = 44): string {
  return [...Array.from({ length: lines }, () => '{{b64:64}}'), `{{b64:${last}}}`].join('\n');
}

export const privateKeyRules: RuleSpec[] = [
  {
    id: 'private-key-pem',
    provider: 'PEM',
    description: 'PEM private key (RSA, EC, DSA or PKCS#8)',
    revokeUrl: ROTATE_KEYS,
    keywords: ['private key-----'],
    pattern: String.raw`(?<secret>-----BEGIN (?:RSA |EC |DSA |)PRIVATE KEY-----${PEM_HEADERS}${BODY}-----END (?:RSA |EC |DSA |)PRIVATE KEY-----)`,
    skipLookalikeFilter: true,
    entropy: 4,
    allow: PLACEHOLDER_BODY,
    examples: {
      positive: [
        `-----BEGIN RSA PRIVATE KEY-----\n${b64Lines(25)}\n-----END RSA PRIVATE KEY-----\n`,
        `-----BEGIN PRIVATE KEY-----\n${b64Lines(3)}\n-----END PRIVATE KEY-----`,
        `-----BEGIN EC PRIVATE KEY-----\r\n{{b64:64}}\r\n{{b64:64}}\r\n{{b64:32}}\r\n-----END EC PRIVATE KEY-----\r\n`,
        `tls:\n  key: |\n    -----BEGIN PRIVATE KEY-----\n    {{b64:64}}\n    {{b64:64}}\n    -----END PRIVATE KEY-----\n`,
        `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,{{HEX:32}}\n\n${b64Lines(20)}\n-----END RSA PRIVATE KEY-----`,
      ],
      negative: [
        `-----BEGIN PUBLIC KEY-----\n${b64Lines(5)}\n-----END PUBLIC KEY-----`,
        `-----BEGIN CERTIFICATE-----\n${b64Lines(12)}\n-----END CERTIFICATE-----`,
        `-----BEGIN RSA PUBLIC KEY-----\n${b64Lines(4)}\n-----END RSA PUBLIC KEY-----`,
        '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----',
        'if (pem.startsWith("-----BEGIN PRIVATE KEY-----")) return parsePkcs8(pem);',
        `-----BEGIN PRIVATE KEY-----\n${'x'.repeat(64)}\n${'x'.repeat(64)}\n-----END PRIVATE KEY-----`,
        `-----BEGIN PRIVATE KEY-----\n${b64Lines(3)}\n`,
      ],
    },
  },
  {
    id: 'private-key-pem-encrypted',
    provider: 'PEM',
    description: 'PEM encrypted private key (PKCS#8; still a finding: the passphrase is often nearby or weak)',
    revokeUrl: ROTATE_KEYS,
    keywords: ['private key-----'],
    pattern: String.raw`(?<secret>-----BEGIN ENCRYPTED PRIVATE KEY-----${BODY}-----END ENCRYPTED PRIVATE KEY-----)`,
    skipLookalikeFilter: true,
    entropy: 4,
    allow: PLACEHOLDER_BODY,
    examples: {
      positive: [`-----BEGIN ENCRYPTED PRIVATE KEY-----\n${b64Lines(26)}\n-----END ENCRYPTED PRIVATE KEY-----\n`],
      negative: [
        '-----BEGIN ENCRYPTED PRIVATE KEY-----\n...\n-----END ENCRYPTED PRIVATE KEY-----',
        `-----BEGIN CERTIFICATE REQUEST-----\n${b64Lines(10)}\n-----END CERTIFICATE REQUEST-----`,
      ],
    },
  },
  {
    id: 'private-key-openssh',
    provider: 'OpenSSH',
    description: 'OpenSSH private key',
    revokeUrl: SSH_KEYS,
    keywords: ['begin openssh private key'],
    pattern: String.raw`(?<secret>-----BEGIN OPENSSH PRIVATE KEY-----${BODY}-----END OPENSSH PRIVATE KEY-----)`,
    skipLookalikeFilter: true,
    entropy: 4,
    allow: PLACEHOLDER_BODY,
    examples: {
      positive: [
        `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA{{b64:46}}\n${b64Lines(5, 20)}\n-----END OPENSSH PRIVATE KEY-----\n`,
      ],
      negative: [
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA{{b64:44}} dev@laptop',
        `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ{{b64:300}} dev@laptop`,
        '-----BEGIN OPENSSH PRIVATE KEY-----\n<paste your key here>\n-----END OPENSSH PRIVATE KEY-----',
      ],
    },
  },
  {
    id: 'private-key-pgp',
    provider: 'PGP',
    description: 'PGP private key block',
    revokeUrl: PGP_REVOKE,
    keywords: ['pgp private key block'],
    pattern: String.raw`(?<secret>-----BEGIN PGP PRIVATE KEY BLOCK-----${PGP_HEADERS}${BODY}-----END PGP PRIVATE KEY BLOCK-----)`,
    skipLookalikeFilter: true,
    entropy: 4,
    allow: PLACEHOLDER_BODY,
    examples: {
      positive: [
        `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${b64Lines(30)}\n={{b64:4}}\n-----END PGP PRIVATE KEY BLOCK-----\n`,
        `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\nComment: backup\n\n${b64Lines(12)}\n-----END PGP PRIVATE KEY BLOCK-----`,
      ],
      negative: [
        `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${b64Lines(12)}\n-----END PGP PUBLIC KEY BLOCK-----`,
        `-----BEGIN PGP SIGNATURE-----\n\n${b64Lines(4)}\n-----END PGP SIGNATURE-----`,
      ],
    },
  },
  {
    id: 'private-key-putty',
    provider: 'PuTTY',
    description: 'PuTTY private key file (.ppk)',
    revokeUrl: SSH_KEYS,
    keywords: ['putty-user-key-file-'],
    // The private lines of a .ppk, between `Private-Lines: N` and `Private-MAC:` (v2, v3) or `Private-Hash:` (v1).
    pattern: String.raw`^Private-Lines:[ \t]{0,3}\d{1,4}\r?\n(?<secret>[A-Za-z0-9+/=\r\n]{40,16384})Private-(?:MAC|Hash):`,
    skipLookalikeFilter: true,
    entropy: 4,
    allow: PLACEHOLDER_BODY,
    examples: {
      positive: [
        {
          path: 'keys/deploy.ppk',
          text:
            'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n' +
            'AAAAC3NzaC1lZDI1NTE5AAAA{{b64:40}}\n{{b64:4}}\nPrivate-Lines: 1\n{{b64:44}}\nPrivate-MAC: {{hex:64}}\n',
        },
        'PuTTY-User-Key-File-2: ssh-rsa\r\nEncryption: none\r\nComment: rsa-key\r\nPublic-Lines: 1\r\nAAAAB3NzaC1yc2E{{b64:40}}\r\n' +
          'Private-Lines: 3\r\n{{b64:64}}\r\n{{b64:64}}\r\n{{b64:20}}\r\nPrivate-MAC: {{hex:40}}\r\n',
      ],
      negative: [
        'PuTTY-User-Key-File-3: ssh-ed25519\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAA{{b64:40}}\n',
        'Private-Lines: 1\n{{b64:44}}\nPrivate-MAC: {{hex:64}}\n',
      ],
    },
  },
  {
    id: 'private-key-pem-escaped',
    provider: 'PEM',
    description: 'PEM private key pasted as a one-line escaped string',
    revokeUrl: ROTATE_KEYS,
    keywords: ['private key-----'],
    pattern: String.raw`(?<!${JSON_PRIVATE_KEY_FIELD})(?<secret>-----BEGIN (?:RSA |EC |DSA |ENCRYPTED |OPENSSH |)PRIVATE KEY-----(?:\\{1,2}r)?\\{1,2}n${ESCAPED_BODY}-----END (?:RSA |EC |DSA |ENCRYPTED |OPENSSH |)PRIVATE KEY-----(?:(?:\\{1,2}r)?\\{1,2}n)?)`,
    skipLookalikeFilter: true,
    entropy: 4,
    allow: PLACEHOLDER_BODY,
    examples: {
      positive: [
        'const key = "-----BEGIN PRIVATE KEY-----\\n{{b64:64}}\\n{{b64:64}}\\n{{b64:64}}\\n{{b64:20}}\\n-----END PRIVATE KEY-----\\n";',
        'JWT_PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\\n{{b64:64}}\\n{{b64:64}}\\n{{b64:64}}\\n-----END RSA PRIVATE KEY-----"',
        '{"signingKey": "-----BEGIN EC PRIVATE KEY-----\\r\\n{{b64:64}}\\r\\n{{b64:56}}\\r\\n-----END EC PRIVATE KEY-----\\r\\n"}',
      ],
      negative: [
        'const cert = "-----BEGIN CERTIFICATE-----\\n{{b64:64}}\\n{{b64:64}}\\n-----END CERTIFICATE-----\\n";',
        'PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"',
        'PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\n${KEY_BODY}\\n-----END PRIVATE KEY-----\\n"',
      ],
    },
  },
];
