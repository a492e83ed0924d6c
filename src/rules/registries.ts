/**
 * Package registries: npm, PyPI (and TestPyPI), Docker Hub, RubyGems, NuGet, crates.io, Private Packagist,
 * JFrog Artifactory, Clojars.
 *
 * npm tokens carry the same CRC32 checksum as GitHub's ('npm-checksum'). PyPI tokens are macaroons whose base64
 * always starts with the encoded location (`AgEIcHlwaS5vcmc` = "pypi.org", `AgENdGVzdC5weXBpLm9yZw` =
 * "test.pypi.org"). The others are prefix + alphabet + length.
 */
import type { RuleSpec } from '../engine/types';

export const registriesRules: RuleSpec[] = [
  {
    id: 'npm-access-token',
    provider: 'npm',
    description: 'npm access token (granular or automation/publish)',
    revokeUrl: 'https://www.npmjs.com/settings/~/tokens',
    keywords: ['npm_'],
    pattern: String.raw`\b(?<secret>npm_[A-Za-z0-9]{36})\b`,
    validators: ['npm-checksum'],
    examples: {
      positive: [
        { path: 'app/.npmrc', text: '//registry.npmjs.org/:_authToken={{npm}}' },
        'NPM_TOKEN={{npm}}',
        'npmAuthToken: "{{npm}}"',
      ],
      negative: [
        { path: 'app/.npmrc', text: '//registry.npmjs.org/:_authToken={{npm-bad}}' },
        { path: 'app/.npmrc', text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}' },
        'NPM_TOKEN=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        'NPM_TOKEN=npm_{{alnum:20}}',
      ],
    },
  },
  {
    id: 'pypi-upload-token',
    provider: 'PyPI',
    description: 'PyPI API token',
    revokeUrl: 'https://pypi.org/manage/account/token/',
    keywords: ['pypi-ageichlwas5vcmc'],
    pattern: String.raw`\b(?<secret>pypi-AgEIcHlwaS5vcmc[\w-]{50,1000})`,
    entropy: 4,
    examples: {
      positive: [
        { path: 'home/.pypirc', text: '[pypi]\n  username = __token__\n  password = pypi-AgEIcHlwaS5vcmc{{b64url:160}}' },
        'TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc{{b64url:140}}',
      ],
      negative: [
        'TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc{{b64url:20}}',
        'TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc...',
        'TWINE_PASSWORD=${{lbrace}} secrets.PYPI_API_TOKEN }}',
        'TWINE_PASSWORD=pypi-AgENdGVzdC5weXBpLm9yZw{{b64url:140}}',
      ],
    },
  },
  {
    id: 'pypi-test-upload-token',
    provider: 'PyPI',
    description: 'TestPyPI API token',
    revokeUrl: 'https://test.pypi.org/manage/account/token/',
    keywords: ['pypi-agendgvzdc5wexbplm9yzw'],
    pattern: String.raw`\b(?<secret>pypi-AgENdGVzdC5weXBpLm9yZw[\w-]{50,1000})`,
    entropy: 4,
    examples: {
      positive: [{ path: '.pypirc', text: '[testpypi]\nusername = __token__\npassword = pypi-AgENdGVzdC5weXBpLm9yZw{{b64url:150}}' }],
      negative: ['password = pypi-AgENdGVzdC5weXBpLm9yZw{{b64url:10}}', 'password = pypi-AgEIcHlwaS5vcmc{{b64url:150}}'],
    },
  },
  {
    id: 'dockerhub-pat',
    provider: 'Docker',
    description: 'Docker Hub personal access token',
    revokeUrl: 'https://app.docker.com/settings/personal-access-tokens',
    keywords: ['dckr_pat_'],
    pattern: String.raw`\b(?<secret>dckr_pat_[\w-]{27})(?![\w-])`,
    entropy: 3.3,
    examples: {
      positive: ['DOCKERHUB_TOKEN=dckr_pat_{{b64url:27}}', 'echo dckr_pat_{{alnum:27}} | docker login -u octocat --password-stdin'],
      negative: ['DOCKERHUB_TOKEN=dckr_pat_...', 'DOCKERHUB_TOKEN=dckr_pat_{{alnum:12}}', 'DOCKERHUB_TOKEN=dckr_pat_{{alnum:40}}'],
    },
  },
  {
    id: 'dockerhub-oat',
    provider: 'Docker',
    description: 'Docker Hub organization access token',
    revokeUrl: 'https://docs.docker.com/security/for-admins/access-tokens/',
    keywords: ['dckr_oat_'],
    // Docker does not publish the body length; observed bodies are 32 characters.
    pattern: String.raw`\b(?<secret>dckr_oat_[\w-]{24,64})(?![\w-])`,
    entropy: 3.3,
    examples: {
      positive: ['DOCKER_ORG_TOKEN=dckr_oat_{{b64url:32}}'],
      negative: ['DOCKER_ORG_TOKEN=dckr_oat_...', 'DOCKER_ORG_TOKEN=dckr_oat_{{alnum:10}}'],
    },
  },
  {
    id: 'rubygems-api-key',
    provider: 'RubyGems',
    description: 'RubyGems.org API key',
    revokeUrl: 'https://rubygems.org/profile/api_keys',
    keywords: ['rubygems_'],
    pattern: String.raw`\b(?<secret>rubygems_[0-9a-f]{48})\b`,
    entropy: 3,
    examples: {
      positive: [
        { path: 'home/.gem/credentials', text: '---\n:rubygems_api_key: rubygems_{{hex:48}}' },
        'GEM_HOST_API_KEY=rubygems_{{hex:48}}',
      ],
      negative: ['GEM_HOST_API_KEY=rubygems_{{hex:20}}', 'GEM_HOST_API_KEY=rubygems_...', 'config.rubygems_version = "3.5.0"'],
    },
  },
  {
    id: 'nuget-api-key',
    provider: 'NuGet',
    description: 'NuGet.org API key',
    revokeUrl: 'https://www.nuget.org/account/apikeys',
    keywords: ['oy2'],
    pattern: String.raw`\b(?<secret>oy2[a-z0-9]{43})\b`,
    entropy: 3.5,
    examples: {
      positive: [
        'dotnet nuget push pkg.nupkg --api-key oy2{{lower:43}} --source https://api.nuget.org/v3/index.json',
        '<add key="ClearTextPassword" value="oy2{{letters:43}}" />',
      ],
      negative: ['--api-key oy2{{lower:20}}', '--api-key oy2{{upper:43}}', '--api-key oy2...'],
    },
  },
  {
    id: 'crates-io-token',
    provider: 'crates.io',
    description: 'crates.io API token',
    revokeUrl: 'https://crates.io/settings/tokens',
    keywords: ['cio'],
    // A random 32-character body nearly always has a digit; words and identifiers that start with `cio` rarely do.
    pattern: String.raw`\b(?<secret>cio(?=[A-Za-z]{0,31}[0-9])[A-Za-z0-9]{32})\b`,
    entropy: 3.5,
    validators: ['mixed-charset'],
    examples: {
      positive: [
        { path: 'home/.cargo/credentials.toml', text: '[registry]\ntoken = "cio{{alnum:28}}{{digits:4}}"' },
        'CARGO_REGISTRY_TOKEN=cio7{{alnum:31}}',
      ],
      negative: ['CARGO_REGISTRY_TOKEN=cio{{alnum:12}}', 'let x = ciocalendarEventSchedulerImplementa;', 'CARGO_REGISTRY_TOKEN=cio...'],
    },
  },
  {
    id: 'packagist-token',
    provider: 'Private Packagist',
    description: 'Private Packagist authentication token',
    revokeUrl: 'https://packagist.com/docs/composer-authentication',
    keywords: ['packagist_'],
    // Prefix (packagist_ort_, _out_, _uut_…) + 60 hex random + 8 hex checksum.
    pattern: String.raw`\b(?<secret>packagist_[a-z]{2}t_[0-9a-f]{68})\b`,
    entropy: 3,
    examples: {
      positive: [
        { path: 'auth.json', text: '{"http-basic": {"repo.packagist.com": {"username": "token", "password": "packagist_ort_{{hex:68}}"}}}' },
        'COMPOSER_AUTH_TOKEN=packagist_uut_{{hex:68}}',
      ],
      negative: ['packagist_ort_{{hex:40}}', '"password": "packagist_out_..."', 'PACKAGIST_TOKEN=${PACKAGIST_TOKEN}'],
    },
  },
  {
    id: 'jfrog-api-key',
    provider: 'JFrog',
    description: 'JFrog Artifactory API key',
    revokeUrl: 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens',
    keywords: ['akcp'],
    pattern: String.raw`\b(?<secret>AKCp[A-Za-z0-9]{69})\b`,
    entropy: 3.5,
    examples: {
      positive: ['ARTIFACTORY_API_KEY=AKCp{{alnum:69}}', 'curl -H "X-JFrog-Art-Api: AKCp{{alnum:69}}" https://acme.jfrog.io/artifactory/api/repositories'],
      negative: ['ARTIFACTORY_API_KEY=AKCp{{alnum:30}}', 'ARTIFACTORY_API_KEY=AKCp...'],
    },
  },
  {
    id: 'jfrog-reference-token',
    provider: 'JFrog',
    description: 'JFrog Artifactory reference token',
    revokeUrl: 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens',
    keywords: ['cmvmd'],
    // base64 of "ref…": `cmVmd` + 59.
    pattern: String.raw`\b(?<secret>cmVmd[A-Za-z0-9]{59})\b`,
    entropy: 4,
    examples: {
      positive: ['JFROG_ACCESS_TOKEN=cmVmd{{alnum:59}}', 'jf config add acme --url=https://acme.jfrog.io --access-token=cmVmd{{alnum:59}}'],
      negative: ['JFROG_ACCESS_TOKEN=cmVmd{{alnum:30}}', 'blob = "{{alnum:20}}cmVmd{{alnum:59}}"', 'JFROG_ACCESS_TOKEN=cmVmdxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    },
  },
  {
    id: 'clojars-deploy-token',
    provider: 'Clojars',
    description: 'Clojars deploy token',
    revokeUrl: 'https://clojars.org/tokens',
    keywords: ['clojars_'],
    pattern: String.raw`\b(?<secret>CLOJARS_[A-Za-z0-9]{60})\b`,
    entropy: 3.5,
    examples: {
      positive: ['CLOJARS_PASSWORD=CLOJARS_{{alnum:60}}'],
      negative: ['CLOJARS_PASSWORD=CLOJARS_{{alnum:20}}', 'CLOJARS_USERNAME=octocat'],
    },
  },
];
