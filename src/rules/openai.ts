/** OpenAI: API Platform keys. Every current format carries `T3BlbkFJ` (base64 of "OpenAI") in its middle. */
import type { RuleSpec } from '../engine/types';

const API_KEYS = 'https://platform.openai.com/api-keys';
const ADMIN_KEYS = 'https://platform.openai.com/settings/organization/admin-keys';
const KEY_CHARS = '[A-Za-z0-9_-]';

export const openaiRules: RuleSpec[] = [
  {
    id: 'openai-project-key',
    provider: 'OpenAI',
    description: 'OpenAI project API key',
    revokeUrl: API_KEYS,
    keywords: ['sk-proj-'],
    pattern: `\\b(?<secret>sk-proj-${KEY_CHARS}{20,200}T3BlbkFJ${KEY_CHARS}{20,200})`,
    examples: {
      positive: [
        'OPENAI_API_KEY=sk-proj-{{b64url:74}}T3BlbkFJ{{b64url:74}}',
        'client = OpenAI(api_key="sk-proj-{{alnum:58}}T3BlbkFJ{{alnum:58}}")',
      ],
      negative: [
        'OPENAI_API_KEY=sk-proj-...',
        'OPENAI_API_KEY=sk-proj-{{alnum:60}}',
        'key: "sk-proj-…Ab12"',
        'OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxxxxxx',
      ],
    },
  },
  {
    id: 'openai-service-account-key',
    provider: 'OpenAI',
    description: 'OpenAI service-account API key',
    revokeUrl: API_KEYS,
    keywords: ['sk-svcacct-'],
    pattern: `\\b(?<secret>sk-svcacct-${KEY_CHARS}{20,200}T3BlbkFJ${KEY_CHARS}{20,200})`,
    examples: {
      positive: ['export OPENAI_API_KEY="sk-svcacct-{{b64url:74}}T3BlbkFJ{{b64url:74}}"'],
      negative: ['sk-svcacct-<your key>', 'sk-svcacct-{{alnum:80}}'],
    },
  },
  {
    id: 'openai-admin-key',
    provider: 'OpenAI',
    description: 'OpenAI organization admin key',
    revokeUrl: ADMIN_KEYS,
    keywords: ['sk-admin-'],
    pattern: `\\b(?<secret>sk-admin-${KEY_CHARS}{20,200}T3BlbkFJ${KEY_CHARS}{20,200})`,
    examples: {
      positive: ['OPENAI_ADMIN_KEY: sk-admin-{{b64url:58}}T3BlbkFJ{{b64url:58}}'],
      negative: ['OPENAI_ADMIN_KEY: sk-admin-${ADMIN_KEY}', 'sk-admin-{{alnum:40}}'],
    },
  },
  {
    id: 'openai-legacy-key',
    provider: 'OpenAI',
    description: 'OpenAI API key (legacy user key format)',
    revokeUrl: API_KEYS,
    keywords: ['t3blbkfj'],
    pattern: '\\b(?<secret>sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})\\b',
    examples: {
      positive: ['openai.api_key = "sk-{{alnum:20}}T3BlbkFJ{{alnum:20}}"'],
      negative: ['openai.api_key = "sk-{{alnum:48}}"', 'sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx'],
    },
  },
];
