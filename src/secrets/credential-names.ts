import type { SecretKind } from './classify.js';

/**
 * How a message names each kind of credential the detectors report, article
 * included: proper names as their owners spell them ("an AWS credential",
 * "a GitHub token"). Kinds are secretlint's rule names (without their prefix),
 * dockward's own formats and the kinds a variable's name implies.
 */
const CREDENTIAL_PHRASES: Readonly<Record<SecretKind, string>> = {
  '1password': 'a 1Password service-account token',
  anthropic: 'an Anthropic API key',
  'api-key': 'an API key',
  'application-key': 'an application key',
  aws: 'an AWS credential',
  basicauth: 'a basic-auth password',
  'connection-string': 'a connection string with its key',
  credentials: 'credentials',
  'database-connection-string': 'a database connection string with its password',
  databricks: 'a Databricks token',
  docker: 'a Docker registry token',
  figma: 'a Figma token',
  gcp: 'a Google Cloud credential',
  github: 'a GitHub token',
  gitlab: 'a GitLab token',
  'google-api-key': 'a Google API key',
  grafana: 'a Grafana token',
  groq: 'a Groq API key',
  'hashicorp-vault': 'a HashiCorp Vault token',
  huggingface: 'a Hugging Face token',
  jwt: 'a JSON Web Token',
  linear: 'a Linear API key',
  notion: 'a Notion token',
  npm: 'an npm token',
  openai: 'an OpenAI API key',
  password: 'a password',
  'password-hash': 'a password hash',
  'private-key': 'a private key',
  privatekey: 'a private key',
  secret: 'a secret',
  sendgrid: 'a SendGrid API key',
  shopify: 'a Shopify token',
  slack: 'a Slack token',
  stripe: 'a Stripe secret key',
  tailscale: 'a Tailscale key',
  token: 'a token',
  vercel: 'a Vercel token',
  webhook: 'a webhook URL with its token',
};

/** The kind as a message names it, with its article; a kind without a phrase of its own reads "a <kind> credential". */
export function describeCredential(kind: SecretKind): string {
  const phrase = CREDENTIAL_PHRASES[kind];
  if (phrase !== undefined) return phrase;
  const words = `${kind.replace(/-/g, ' ')} credential`;
  return `${/^[aeiou]/i.test(words) ? 'an' : 'a'} ${words}`;
}
