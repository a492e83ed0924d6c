/**
 * Docker and Podman registry logins (reference §5): `auths` in ~/.docker/config.json (or $DOCKER_CONFIG) and in
 * containers-auth.json — base64 "user:password" inline unless a credential helper (`credsStore`, `credHelpers`)
 * holds them. `docker logout` / `podman logout` remove local credentials only.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { toPointer } from '../entry-edit';
import { readJson } from '../fs-read';
import { brokenItem, item, maskSecret, openItYourself, permissionProblems, plaintextProblem, safeText, type SourceInfo } from '../item';
import { argumentFromFile, redactName, userAndSecret } from '../redact-text';
import { PAGES } from '../pages';
import type { CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where they keep things --------------------------------------------------------------------------------
export const DOCKER = { configEnv: 'DOCKER_CONFIG', dir: '.docker', file: 'config.json' };
export const PODMAN = { authFileEnv: 'REGISTRY_AUTH_FILE', runtimeRel: join('containers', 'auth.json'), configRel: join('containers', 'auth.json') };

const authEntrySchema = z.looseObject({ auth: z.string().nullable().optional(), identitytoken: z.string().nullable().optional(), registrytoken: z.string().nullable().optional() }).nullable();
const configSchema = z.looseObject({
  auths: z.record(z.string(), authEntrySchema).nullable().optional(),
  credsStore: z.string().nullable().optional(),
  credHelpers: z.record(z.string(), z.string()).nullable().optional(),
});

/** Standard base64 as Docker writes `auth` (Go's base64.StdEncoding); anything else is not decoded. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The user and the secret inside an `auth` value (base64 "user:password"). The secret is always the DECODED value
 * (the password, or the whole decoded text without a colon): the tail of the base64 text would encode the last
 * bytes of the password. With the token as the user name (base64 of "<token>:x-oauth-basic"), the user name is the
 * secret and is never shown as a name. A value that is not base64 is not Docker's format: it is masked as stored.
 */
function authParts(auth: string): { user?: string; secret: string; userIsSecret: boolean } {
  if (!BASE64.test(auth)) return { secret: auth, userIsSecret: false };
  const decoded = Buffer.from(auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { secret: decoded, userIsSecret: false };
  const user = decoded.slice(0, colon) || undefined;
  const { secret, userIsSecret } = userAndSecret(user, decoded.slice(colon + 1));
  return { user: user && !userIsSecret ? safeText(user, 60) : undefined, secret: secret ?? decoded, userIsSecret };
}

function isDockerHub(registry: string): boolean {
  return /(^|\/\/)(index\.)?docker\.io(\/|$)|^registry-1\.docker\.io/.test(registry);
}

async function readAuthFile(source: SourceInfo, path: string, ctx: SourceContext): Promise<LocalCredential[]> {
  const r = await readJson(path, configSchema);
  if (r.status === 'absent') return [];
  if (r.status !== 'ok') return [brokenItem(source, `${source.id}:config`, 'registry logins', r, { isLogin: true })];
  const items: LocalCredential[] = [];
  const perms = permissionProblems(r.facts, ctx);
  for (const [rawRegistry, entry] of Object.entries(r.data.auths ?? {})) {
    const registry = safeText(rawRegistry, 120) ?? '?';
    const helper = r.data.credHelpers?.[rawRegistry] ?? r.data.credsStore ?? undefined;
    const stored = entry?.auth || entry?.identitytoken || entry?.registrytoken || undefined;
    if (!stored && !helper) continue;
    const parts = entry?.auth ? authParts(entry.auth) : undefined;
    const masked = stored ? maskSecret(parts?.secret ?? stored) : undefined;
    items.push(
      item(source, {
        id: `${source.id}:${redactName(rawRegistry)}`,
        kind: stored ? (entry?.auth ? 'registry login (plain text, base64)' : 'registry identity token (plain text)') : 'registry login (credential helper)',
        label: `registry login — ${registry}`,
        isLogin: true,
        location: { type: 'file', path, entry: redactName(rawRegistry) },
        storage: stored ? 'file (plain text)' : `helper:${safeText(helper, 40)}`,
        account: parts?.user ? { name: parts.user } : undefined,
        masked,
        modifiedAt: r.facts.modifiedAt,
        details: {
          registry,
          registryArgument: argumentFromFile(rawRegistry),
          pointer: toPointer(['auths', rawRegistry]),
          helper: helper ? safeText(helper, 40) ?? null : null,
          dockerHub: isDockerHub(rawRegistry),
        },
        problems: stored
          ? [
              ...perms,
              plaintextProblem(path, masked!, 'base64 is not encryption; configure a credential helper (credsStore)'),
              ...(parts?.userIsSecret ? [{ code: 'token-in-user-name', severity: 'info' as const, message: `the ${registry} login in ${path} holds its token as the user name` }] : []),
            ]
          : [],
      }),
    );
  }
  return items;
}

function planFor(source: SourceInfo, command: string, logoutArgs: (registry: string, path: string) => string[], env: (ctx: SourceContext, path: string) => Record<string, string>) {
  return async (credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> => {
    const bin = await ctx.which(command);
    const steps: RevokeStep[] = [];
    const notUnderstood: string[] = [];
    const chosen = credentials.filter((c) => c.isLogin);
    for (const c of chosen) {
      if (c.location.type !== 'file') continue;
      const registry = typeof c.details.registry === 'string' ? c.details.registry : undefined;
      if (!registry) {
        // Never deleted whole: it also holds credsStore, credHelpers, proxies and every other registry's login.
        notUnderstood.push(openItYourself(c, 'the "auths" entries you want gone'));
        continue;
      }
      const argument = typeof c.details.registryArgument === 'string' ? c.details.registryArgument : undefined;
      const run = Boolean(bin && argument);
      if (run) steps.push({ kind: 'run', command, args: logoutArgs(argument!, c.location.path), env: env(ctx, c.location.path), revokesServerSide: false, description: `forget the login to ${registry}` });
      steps.push({ kind: 'delete-entry', path: c.location.path, entry: String(c.details.pointer), format: 'json-key', root: dirname(c.location.path), description: `the ${registry} entry; the rest of the file stays`, fallback: run ? true : undefined });
    }
    const pages: RevokeStep[] = chosen.some((c) => c.details.dockerHub) ? [{ kind: 'open-url', url: PAGES.dockerHubTokens, description: 'delete the Docker Hub access token: it stays valid until then' }] : [];
    const helpers = [...new Set(chosen.flatMap((c) => (typeof c.details.helper === 'string' ? [c.details.helper] : [])))];
    return {
      sourceId: source.id,
      credentialIds: chosen.map((c) => c.id),
      steps: [...steps, ...pages],
      doesNotCover: [
        ...notUnderstood,
        `\`${command} logout\` removes local credentials only: tokens and passwords stay valid at the registry.`,
        ...(helpers.length && !bin ? [`Without ${command} installed, the secret kept by the credential helper (${helpers.join(', ')}) is not erased: run \`docker-credential-<helper> erase\`.`] : []),
      ],
    };
  };
}

// ---- Docker ------------------------------------------------------------------------------------------------
const DOCKER_SOURCE: SourceInfo = { id: 'docker', tool: 'Docker' };

export function dockerConfigPath(ctx: Pick<SourceContext, 'env' | 'home'>): string {
  return join(ctx.env[DOCKER.configEnv] || join(ctx.home, DOCKER.dir), DOCKER.file);
}

export const dockerSource: CredentialSource = {
  id: DOCKER_SOURCE.id,
  tool: DOCKER_SOURCE.tool,
  read: (ctx) => readAuthFile(DOCKER_SOURCE, dockerConfigPath(ctx), ctx),
  revokePlan: planFor(DOCKER_SOURCE, 'docker', (registry) => ['logout', registry], (ctx, path) => ({ HOME: ctx.home, DOCKER_CONFIG: dirname(path) })),
};

// ---- Podman ------------------------------------------------------------------------------------------------
const PODMAN_SOURCE: SourceInfo = { id: 'podman', tool: 'Podman' };

export function podmanAuthPaths(ctx: Pick<SourceContext, 'env' | 'home' | 'platform'>): string[] {
  if (ctx.env[PODMAN.authFileEnv]) return [ctx.env[PODMAN.authFileEnv]!];
  const paths: string[] = [];
  if (ctx.platform === 'linux' && ctx.env.XDG_RUNTIME_DIR) paths.push(join(ctx.env.XDG_RUNTIME_DIR, PODMAN.runtimeRel));
  paths.push(join(ctx.env.XDG_CONFIG_HOME || join(ctx.home, '.config'), PODMAN.configRel));
  return paths;
}

export const podmanSource: CredentialSource = {
  id: PODMAN_SOURCE.id,
  tool: PODMAN_SOURCE.tool,
  read: async (ctx) => {
    const all: LocalCredential[] = [];
    for (const path of podmanAuthPaths(ctx)) {
      for (const c of await readAuthFile(PODMAN_SOURCE, path, ctx)) if (!all.some((x) => x.id === c.id)) all.push(c);
    }
    return all;
  },
  revokePlan: planFor(PODMAN_SOURCE, 'podman', (registry, path) => ['logout', '--authfile', path, registry], (ctx) => ({ HOME: ctx.home })),
};
