/**
 * AI model providers other than OpenAI (see openai.ts): Anthropic, Google (Gemini/AI Studio), xAI, Groq, OpenRouter,
 * Perplexity, Replicate, Hugging Face, Mistral, Cohere, Azure OpenAI, DeepSeek, Together AI, Fireworks AI,
 * LangSmith, Langfuse, Pinecone, ElevenLabs.
 *
 * Keys with a fixed prefix are matched on prefix + alphabet + length. Keys without one (Mistral, Cohere, Azure OpenAI,
 * DeepSeek, ElevenLabs, Together legacy) are matched only when assigned to a name that says whose key it is
 * (`MISTRAL_API_KEY=…`, `Mistral(api_key="…")`, `"cohereApiKey": "…"`); the name is matched in any case, the value's
 * alphabet exactly.
 */
import type { RuleSpec } from '../engine/types';
import { ASSIGN, assignedAfter, ci, END, GAP } from './pattern-parts';

const KEY_OR_TOKEN = `(?:${ci('key')}|${ci('token')})`;

/** `<name> = <value>`, where `name` (regex source) already ends with the word that says it is a key. */
function assignedTo(name: string, value: string): string {
  return `(?:${name})${ASSIGN}(?<secret>${value})${END}`;
}

/** `<provider name…key|token> = <value>`. `names` is a regex alternation already made case-insensitive. */
function assigned(names: string, value: string): string {
  return assignedAfter(names, KEY_OR_TOKEN, value);
}

const ANTHROPIC_KEYS = 'https://console.anthropic.com/settings/keys';
const ANTHROPIC_ADMIN_KEYS = 'https://console.anthropic.com/settings/admin-keys';
const CLAUDE_ACCOUNT = 'https://claude.ai/settings/account';

export const aiRules: RuleSpec[] = [
  {
    id: 'anthropic-api-key',
    provider: 'Anthropic',
    description: 'Anthropic API key',
    revokeUrl: ANTHROPIC_KEYS,
    keywords: ['sk-ant-api03-'],
    pattern: String.raw`\b(?<secret>sk-ant-api03-[\w-]{93}AA)${END}`,
    examples: {
      positive: [
        'ANTHROPIC_API_KEY=sk-ant-api03-{{b64url:93}}AA',
        'client = anthropic.Anthropic(api_key="sk-ant-api03-{{b64url:93}}AA")',
        '{ "env": { "ANTHROPIC_API_KEY": "sk-ant-api03-{{alnum:93}}AA" } }',
      ],
      negative: [
        'ANTHROPIC_API_KEY=sk-ant-api03-...',
        'ANTHROPIC_API_KEY=sk-ant-api03-{{b64url:60}}AA',
        'ANTHROPIC_API_KEY=sk-ant-api03-{{b64url:93}}BB',
        'ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}',
        'sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAA',
      ],
    },
  },
  {
    id: 'anthropic-admin-key',
    provider: 'Anthropic',
    description: 'Anthropic Admin API key',
    revokeUrl: ANTHROPIC_ADMIN_KEYS,
    keywords: ['sk-ant-admin01-'],
    pattern: String.raw`\b(?<secret>sk-ant-admin01-[\w-]{93}AA)${END}`,
    examples: {
      positive: ['export ANTHROPIC_ADMIN_KEY="sk-ant-admin01-{{b64url:93}}AA"'],
      negative: ['ANTHROPIC_ADMIN_KEY=sk-ant-admin01-<admin key>', 'sk-ant-admin01-{{b64url:40}}AA'],
    },
  },
  {
    id: 'anthropic-oauth-access-token',
    provider: 'Anthropic',
    description: 'Claude Code / Claude.ai OAuth access token',
    revokeUrl: CLAUDE_ACCOUNT,
    keywords: ['sk-ant-oat01-'],
    pattern: String.raw`\b(?<secret>sk-ant-oat01-[\w-]{80,120})${END}`,
    examples: {
      positive: [
        'CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-{{b64url:93}}AA',
        '{"claudeAiOauth":{"accessToken":"sk-ant-oat01-{{b64url:93}}AA","expiresAt":1760000000000}}',
      ],
      negative: ['CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-tooShort', 'CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-...'],
    },
  },
  {
    id: 'anthropic-oauth-refresh-token',
    provider: 'Anthropic',
    description: 'Claude Code / Claude.ai OAuth refresh token',
    revokeUrl: CLAUDE_ACCOUNT,
    keywords: ['sk-ant-ort01-'],
    pattern: String.raw`\b(?<secret>sk-ant-ort01-[\w-]{80,120})${END}`,
    examples: {
      positive: ['{"claudeAiOauth":{"refreshToken":"sk-ant-ort01-{{b64url:93}}AA","scopes":["user:inference"]}}'],
      negative: ['"refreshToken": "sk-ant-ort01-{{b64url:30}}"', '"refreshToken": "sk-ant-ort01-..."'],
    },
  },
  {
    id: 'anthropic-session-key',
    provider: 'Anthropic',
    description: 'Claude.ai session cookie (sessionKey)',
    revokeUrl: CLAUDE_ACCOUNT,
    keywords: ['sk-ant-sid01-'],
    pattern: String.raw`\b(?<secret>sk-ant-sid01-[\w-]{80,120})${END}`,
    examples: {
      positive: ['CLAUDE_SESSION_KEY=sk-ant-sid01-{{b64url:86}}AA', 'cookies = {"sessionKey": "sk-ant-sid01-{{b64url:86}}AA"}'],
      negative: ['CLAUDE_SESSION_KEY="sk-ant-sid01-..."', 'sk-ant-sid01-{{alnum:20}}'],
    },
  },
  {
    id: 'google-api-key',
    provider: 'Google',
    description: 'Google API key (Gemini / AI Studio, Maps, Firebase, other Google Cloud APIs)',
    revokeUrl: 'https://console.cloud.google.com/apis/credentials',
    keywords: ['aiza'],
    pattern: String.raw`\b(?<secret>AIza[\w-]{35})${END}`,
    entropy: 3.5,
    examples: {
      positive: [
        'GEMINI_API_KEY=AIza{{b64url:35}}',
        'GOOGLE_API_KEY: "AIzaSy{{b64url:33}}"',
        'genai.configure(api_key="AIza{{alnum:35}}")',
      ],
      negative: ['GEMINI_API_KEY=AIza...', 'GEMINI_API_KEY=AIza{{alnum:20}}', 'GOOGLE_API_KEY=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'key = os.environ["GEMINI_API_KEY"]'],
    },
  },
  {
    id: 'xai-api-key',
    provider: 'xAI',
    description: 'xAI (Grok) API key',
    revokeUrl: 'https://console.x.ai',
    keywords: ['xai-'],
    pattern: String.raw`\b(?<secret>xai-[A-Za-z0-9]{80})\b`,
    entropy: 3.5,
    examples: {
      positive: ['XAI_API_KEY=xai-{{alnum:80}}', 'client = Client(api_key="xai-{{alnum:80}}")'],
      negative: ['XAI_API_KEY=xai-{{alnum:40}}', 'XAI_API_KEY="xai-..."', 'XAI_API_KEY=${XAI_API_KEY}'],
    },
  },
  {
    id: 'groq-api-key',
    provider: 'Groq',
    description: 'Groq API key',
    revokeUrl: 'https://console.groq.com/keys',
    keywords: ['gsk_'],
    pattern: String.raw`\b(?<secret>gsk_[A-Za-z0-9]{52})\b`,
    entropy: 3.5,
    examples: {
      positive: ['GROQ_API_KEY=gsk_{{alnum:52}}', "const groq = new Groq({ apiKey: 'gsk_{{alnum:52}}' });"],
      negative: ['GROQ_API_KEY=gsk_{{alnum:30}}', 'GROQ_API_KEY=gsk_your_api_key_here', 'GROQ_API_KEY=gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    },
  },
  {
    id: 'openrouter-api-key',
    provider: 'OpenRouter',
    description: 'OpenRouter API key',
    revokeUrl: 'https://openrouter.ai/settings/keys',
    keywords: ['sk-or-v1-'],
    pattern: String.raw`\b(?<secret>sk-or-v1-[0-9a-f]{64})\b`,
    entropy: 3.3,
    examples: {
      positive: ['OPENROUTER_API_KEY=sk-or-v1-{{hex:64}}', 'headers = {"Authorization": "Bearer sk-or-v1-{{hex:64}}"}'],
      negative: ['OPENROUTER_API_KEY=sk-or-v1-{{hex:32}}', 'OPENROUTER_API_KEY=sk-or-v1-...', 'sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000'],
    },
  },
  {
    id: 'perplexity-api-key',
    provider: 'Perplexity',
    description: 'Perplexity API key',
    revokeUrl: 'https://www.perplexity.ai/settings/api',
    keywords: ['pplx-'],
    pattern: String.raw`\b(?<secret>pplx-[A-Za-z0-9]{48})\b`,
    entropy: 3.5,
    examples: {
      positive: ['PERPLEXITY_API_KEY=pplx-{{alnum:48}}', 'PPLX_API_KEY: "pplx-{{alnum:48}}"'],
      negative: ['PERPLEXITY_API_KEY=pplx-[your-new-key]', 'PERPLEXITY_API_KEY=pplx-{{alnum:20}}'],
    },
  },
  {
    id: 'replicate-api-token',
    provider: 'Replicate',
    description: 'Replicate API token',
    revokeUrl: 'https://replicate.com/account/api-tokens',
    keywords: ['r8_'],
    pattern: String.raw`\b(?<secret>r8_[A-Za-z0-9]{37})\b`,
    entropy: 3.5,
    validators: ['mixed-charset'],
    examples: {
      positive: ['REPLICATE_API_TOKEN=r8_{{alnum:37}}', 'export REPLICATE_API_TOKEN="r8_{{alnum:37}}"'],
      negative: ['REPLICATE_API_TOKEN=r8_{{alnum:12}}', 'REPLICATE_API_TOKEN=r8_...', 'REPLICATE_API_TOKEN=<paste-your-token-here>'],
    },
  },
  {
    id: 'huggingface-access-token',
    provider: 'Hugging Face',
    description: 'Hugging Face user access token',
    revokeUrl: 'https://huggingface.co/settings/tokens',
    keywords: ['hf_'],
    pattern: String.raw`\b(?<secret>hf_[A-Za-z]{34})\b`,
    entropy: 3.6,
    validators: ['mixed-charset'],
    examples: {
      positive: ['HF_TOKEN=hf_{{alpha:34}}', 'login(token="hf_{{alpha:34}}")', 'huggingface-cli login --token hf_{{alpha:34}}'],
      negative: ['HF_TOKEN=hf_{{alpha:20}}', 'HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'HF_TOKEN=hf_{{alnum:30}}{{digits:4}}'],
    },
  },
  {
    id: 'huggingface-org-token',
    provider: 'Hugging Face',
    description: 'Hugging Face organization API token (legacy api_org_)',
    revokeUrl: 'https://huggingface.co/settings/tokens',
    keywords: ['api_org_'],
    pattern: String.raw`\b(?<secret>api_org_[A-Za-z]{34})\b`,
    entropy: 3.6,
    validators: ['mixed-charset'],
    examples: {
      positive: ['HUGGINGFACE_ORG_TOKEN=api_org_{{alpha:34}}'],
      negative: ['HUGGINGFACE_ORG_TOKEN=api_org_{{alpha:10}}', 'HUGGINGFACE_ORG_TOKEN=api_org_...'],
    },
  },
  {
    id: 'mistral-api-key',
    provider: 'Mistral AI',
    description: 'Mistral AI API key',
    revokeUrl: 'https://console.mistral.ai/api-keys',
    keywords: ['mistral'],
    pattern: assigned(ci('mistral'), '[A-Za-z0-9]{32}'),
    entropy: 3.5,
    validators: ['mixed-charset'],
    examples: {
      positive: [
        'MISTRAL_API_KEY={{alnum:32}}',
        'client = Mistral(api_key="{{alnum:32}}")',
        '{ "mistralApiKey": "{{alnum:32}}" }',
        'export MISTRAL_API_KEY="{{alnum:32}}"',
      ],
      negative: [
        'MISTRAL_API_KEY=${MISTRAL_API_KEY}',
        'MISTRAL_API_KEY={{alnum:40}}',
        'api_key = "{{alnum:32}}"',
        'MISTRAL_MODEL=mistral-large-latest',
        'client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])',
      ],
    },
  },
  {
    id: 'cohere-api-key',
    provider: 'Cohere',
    description: 'Cohere API key',
    revokeUrl: 'https://dashboard.cohere.com/api-keys',
    keywords: ['cohere', 'co_api_key'],
    pattern: assigned(`${ci('cohere')}|\\b${ci('co')}_${ci('api')}`, '[A-Za-z0-9]{40}'),
    entropy: 3.5,
    validators: ['mixed-charset'],
    examples: {
      positive: [
        'COHERE_API_KEY={{alnum:40}}',
        'export CO_API_KEY={{alnum:40}}',
        'co = cohere.ClientV2(api_key="{{alnum:40}}")',
      ],
      negative: ['CO_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'COHERE_API_KEY={{alnum:32}}', 'api_key="{{alnum:40}}"'],
    },
  },
  {
    id: 'azure-openai-api-key',
    provider: 'Microsoft Azure',
    description: 'Azure OpenAI / Azure AI services key',
    revokeUrl: 'https://portal.azure.com/',
    keywords: ['azure_openai', 'azure-openai', 'azureopenai', 'azure.openai', 'api-key'],
    // Also the `api-key` request header, Azure's own name for it (not `x-api-key`, which other providers use).
    // 32 hex is the classic key; 84 characters the newer format.
    pattern: assignedTo(
      `${ci('azure')}[_.-]?${ci('openai')}${GAP}${KEY_OR_TOKEN}|(?<![\\w-])${ci('api')}-${ci('key')}`,
      '[0-9a-f]{32}|[A-Za-z0-9]{84}',
    ),
    entropy: 2.8,
    examples: {
      positive: [
        'AZURE_OPENAI_API_KEY={{hex:32}}',
        'client = AzureOpenAI(api_key="{{hex:32}}", api_version="2024-10-21")',
        'curl -H "api-key: {{hex:32}}" https://myres.openai.azure.com/openai/deployments',
        'AZURE_OPENAI_KEY="{{alnum:52}}JQQJ99{{alnum:26}}"',
      ],
      negative: [
        'AZURE_OPENAI_API_KEY=${AZURE_OPENAI_API_KEY}',
        'AZURE_OPENAI_API_KEY={{hex:20}}',
        'x-api-key: {{hex:32}}',
        'AZURE_OPENAI_ENDPOINT=https://myres.openai.azure.com/',
      ],
    },
  },
  {
    id: 'deepseek-api-key',
    provider: 'DeepSeek',
    description: 'DeepSeek API key',
    revokeUrl: 'https://platform.deepseek.com/api_keys',
    keywords: ['deepseek'],
    pattern: assigned(ci('deepseek'), 'sk-[0-9a-f]{32}'),
    entropy: 3,
    examples: {
      positive: ['DEEPSEEK_API_KEY=sk-{{hex:32}}', 'deepseek_api_key: "sk-{{hex:32}}"'],
      negative: ['DEEPSEEK_API_KEY=sk-...', 'OPENAI_API_KEY=sk-{{hex:32}}', 'DEEPSEEK_API_KEY=sk-{{hex:48}}'],
    },
  },
  {
    id: 'together-api-key',
    provider: 'Together AI',
    description: 'Together AI API key',
    revokeUrl: 'https://api.together.ai/settings/api-keys',
    keywords: ['tgp_v1_'],
    pattern: String.raw`\b(?<secret>tgp_v1_[\w-]{43})${END}`,
    entropy: 3.5,
    examples: {
      positive: ['TOGETHER_API_KEY=tgp_v1_{{b64url:43}}', 'client = Together(api_key="tgp_v1_{{b64url:43}}")'],
      negative: ['TOGETHER_API_KEY=tgp_v1_...', 'TOGETHER_API_KEY=tgp_v1_{{b64url:20}}'],
    },
  },
  {
    id: 'together-api-key-legacy',
    provider: 'Together AI',
    description: 'Together AI API key (legacy 64-hex format)',
    revokeUrl: 'https://api.together.ai/settings/api-keys',
    keywords: ['together'],
    pattern: assigned(ci('together'), '[0-9a-f]{64}'),
    entropy: 3.3,
    examples: {
      positive: ['TOGETHER_API_KEY={{hex:64}}', 'client = Together(api_key="{{hex:64}}")'],
      negative: ['TOGETHER_API_KEY=${TOGETHER_API_KEY}', 'sha256 = "{{hex:64}}"', 'TOGETHER_API_KEY={{hex:40}}'],
    },
  },
  {
    id: 'fireworks-api-key',
    provider: 'Fireworks AI',
    description: 'Fireworks AI API key',
    revokeUrl: 'https://fireworks.ai/account/api-keys',
    keywords: ['fw_'],
    // A random 24-character body nearly always has a digit; identifiers such as `fw_UpdateFirmwareImageVersi` do not.
    pattern: String.raw`\b(?<secret>fw_(?=[A-Za-z]{0,23}[0-9])[A-Za-z0-9]{24})\b`,
    entropy: 3.3,
    validators: ['mixed-charset'],
    examples: {
      positive: ['FIREWORKS_API_KEY=fw_{{alnum:20}}{{digits:4}}', 'client = Fireworks(api_key="fw_3{{alnum:23}}")'],
      negative: ['FIREWORKS_API_KEY=fw_...', 'int fw_UpdateFirmwareImageVersi = 0;', 'FIREWORKS_API_KEY=fw_{{alnum:10}}'],
    },
  },
  {
    id: 'langsmith-api-key',
    provider: 'LangChain',
    description: 'LangSmith API key (personal access token or service key)',
    revokeUrl: 'https://smith.langchain.com/settings',
    keywords: ['lsv2_pt_', 'lsv2_sk_'],
    pattern: String.raw`\b(?<secret>lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10})\b`,
    entropy: 3,
    examples: {
      positive: ['LANGCHAIN_API_KEY=lsv2_pt_{{hex:32}}_{{hex:10}}', 'LANGSMITH_API_KEY="lsv2_sk_{{hex:32}}_{{hex:10}}"'],
      negative: ['LANGCHAIN_API_KEY=ls__{{hex:32}}', 'LANGCHAIN_API_KEY=lsv2_xx_{{hex:32}}_{{hex:10}}', 'LANGSMITH_API_KEY=lsv2_pt_...'],
    },
  },
  {
    id: 'langfuse-secret-key',
    provider: 'Langfuse',
    description: 'Langfuse secret key',
    revokeUrl: 'https://cloud.langfuse.com/',
    keywords: ['sk-lf-'],
    pattern: String.raw`\b(?<secret>sk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b`,
    entropy: 3,
    examples: {
      positive: ['LANGFUSE_SECRET_KEY=sk-lf-{{hex:8}}-{{hex:4}}-{{hex:4}}-{{hex:4}}-{{hex:12}}'],
      negative: ['LANGFUSE_PUBLIC_KEY=pk-lf-{{hex:8}}-{{hex:4}}-{{hex:4}}-{{hex:4}}-{{hex:12}}', 'LANGFUSE_SECRET_KEY=sk-lf-...'],
    },
  },
  {
    id: 'pinecone-api-key',
    provider: 'Pinecone',
    description: 'Pinecone API key',
    revokeUrl: 'https://app.pinecone.io/',
    keywords: ['pcsk_'],
    pattern: String.raw`\b(?<secret>pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{50,70})\b`,
    entropy: 3.5,
    examples: {
      positive: ['PINECONE_API_KEY=pcsk_{{alnum:6}}_{{alnum:63}}', 'pc = Pinecone(api_key="pcsk_{{alnum:5}}_{{alnum:63}}")'],
      negative: ['PINECONE_API_KEY=pcsk_...', 'PINECONE_API_KEY=pcsk_{{alnum:6}}_{{alnum:20}}'],
    },
  },
  {
    id: 'elevenlabs-api-key',
    provider: 'ElevenLabs',
    description: 'ElevenLabs API key',
    revokeUrl: 'https://elevenlabs.io/app/settings/api-keys',
    keywords: ['elevenlabs', 'eleven_labs', 'eleven-labs', 'eleven_api_key', 'xi-api-key'],
    // Newer keys are `sk_` + 48 hex, older ones 32 hex; `xi-api-key` is the request header.
    pattern: assignedTo(
      `${ci('eleven')}[_-]?${ci('labs')}${GAP}${KEY_OR_TOKEN}|${ci('eleven')}_${ci('api')}_${ci('key')}|${ci('xi')}-${ci('api')}-${ci('key')}`,
      'sk_[0-9a-f]{48}|[0-9a-f]{32}',
    ),
    entropy: 3,
    examples: {
      positive: [
        'ELEVENLABS_API_KEY=sk_{{hex:48}}',
        'curl -H "xi-api-key: sk_{{hex:48}}" https://api.elevenlabs.io/v1/voices',
        'client = ElevenLabs(api_key="{{hex:32}}")',
      ],
      negative: ['ELEVENLABS_API_KEY=sk_...', 'STRIPE_KEY=sk_{{hex:48}}', 'ELEVENLABS_VOICE_ID={{alnum:20}}'],
    },
  },
];
