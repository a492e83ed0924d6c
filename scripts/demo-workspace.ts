/**
 * Builds the demo workspace: a small git project with keys planted at generation time (never committed to this
 * repository), some in tracked files, one in a git-ignored .env, so every severity shows.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expandTemplate, seededRandom } from '../src/rules/example-template';

const rand = seededRandom(Date.now() >>> 0);
const t = (template: string) => expandTemplate(template, rand);

export function demoFiles(): Record<string, string> {
  const openai = t('sk-proj-{{b64url:74}}T3BlbkFJ{{b64url:74}}');
  return {
    'README.md': '# Demo service\n\nSet `OPENAI_API_KEY` in `.env` (see `.env.example`).\n',
    '.env.example': 'OPENAI_API_KEY=your-api-key-here\nANTHROPIC_API_KEY=<TOKEN>\n',
    '.gitignore': '.env\nnode_modules/\n',
    '.env': `OPENAI_API_KEY=${openai}\nANTHROPIC_API_KEY=${t('sk-ant-api03-{{b64url:93}}AA')}\n`,
    'src/openai-client.ts': `import OpenAI from 'openai';\n\n// TODO: move to env before launch\nexport const client = new OpenAI({ apiKey: '${t('sk-proj-{{b64url:74}}T3BlbkFJ{{b64url:74}}')}' });\n`,
    'src/settings.py': `import os\n\nGITHUB_TOKEN = "${t('{{gh:ghp}}')}"\nDATABASE_URL = os.environ["DATABASE_URL"]\n`,
    'scripts/deploy.sh': `#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${t('AKIA{{base32:16}}')}\nexport AWS_SECRET_ACCESS_KEY=${t('{{b64:40}}')}\naws s3 sync ./public s3://demo-bucket\n`,
    'config/slack.yaml': `slack:\n  bot_token: ${t('xoxb-{{digits:12}}-{{digits:13}}-{{alnum:24}}')}\n  channel: "#deploys"\n`,
    'notes/lookalikes.md': 'These are not secrets: `sk-proj-...`, `sk-…abcd`, `${OPENAI_API_KEY}`, `process.env.OPENAI_API_KEY`.\n',
  };
}

export function createDemoWorkspace(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(demoFiles())) {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', 'README.md', '.env.example', '.gitignore', 'src', 'scripts', 'notes');
  // config/slack.yaml stays untracked: "about to be committed" warns just like tracked files.
}
