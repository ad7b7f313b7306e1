import type { AzureCredential } from '../azure/config.js';
import { TrustInputError } from '../errors.js';
import { AZURE_MAX_CREDENTIALS } from '../lint/azure.js';
import { hcl, type Intent, intendedTokens, shellQuote, slug } from './intent.js';

export interface AzureGenerateOptions {
  issuerBase: string;
  /**
   * The app registration's object id (`az ad app federated-credential create --id`), or one per
   * group of 20 credentials when the intent needs more than 20 (Entra's limit per app).
   */
  application?: string | readonly string[];
  /** Or a user-assigned managed identity. */
  identity?: { name: string; resourceGroup: string };
}

export interface AzureGenerated {
  /** Groups of at most 20 credentials: one app (or identity) each. */
  groups: AzureCredential[][];
  terraform: string;
  native: string;
  notes: string[];
}

/** One federated identity credential per exact subject (Entra has no wildcards). */
export function generateAzure(intent: Intent, options: AzureGenerateOptions): AzureGenerated {
  const t = intendedTokens(intent, options.issuerBase, 'azure');
  const used = new Set<string>();
  const credentials: AzureCredential[] = t.subjects.map((subject) => {
    let name = slug(`runid-${subject.split(':').slice(1).join('-')}`, 120);
    for (let n = 2; used.has(name); n++) name = `${slug(name, 115)}-${n}`;
    used.add(name);
    return {
      name,
      issuer: t.issuer,
      subject,
      audiences: [t.audienceOf.get(subject) as string],
      description: `RunID: ${subject}`,
    };
  });
  const groups: AzureCredential[][] = [];
  for (let i = 0; i < credentials.length; i += AZURE_MAX_CREDENTIALS)
    groups.push(credentials.slice(i, i + AZURE_MAX_CREDENTIALS));
  // Each group of 20 goes to its own app: name as many apps as there are groups, never an object
  // id made up from the first one.
  const apps =
    options.application === undefined
      ? undefined
      : typeof options.application === 'string'
        ? [options.application]
        : [...options.application];
  if (!options.identity && apps !== undefined && apps.length < groups.length) {
    throw new TrustInputError(
      'invalid_intent',
      'intent',
      '/application',
      `${credentials.length} credentials need ${groups.length} apps (Entra allows ${AZURE_MAX_CREDENTIALS} per app): name ${groups.length} app object ids (--application once per app)`,
    );
  }
  const appFor = (g: number) => apps?.[g] ?? '<app-object-id>';
  const notes: string[] = [];
  if (groups.length > 1)
    notes.push(
      `${credentials.length} exact subjects need ${credentials.length} credentials; Entra allows ${AZURE_MAX_CREDENTIALS} per app or identity: split across ${groups.length} apps (groups below).`,
    );
  if (options.identity)
    notes.push(
      'User-assigned identity: create the credentials one at a time (concurrent creation answers 409).',
    );
  const uami = options.identity;
  const tf = groups.flatMap((group, g) =>
    group.map((c) =>
      uami
        ? [
            `resource "azurerm_federated_identity_credential" ${hcl(c.name.replace(/-/g, '_'))} {`,
            `  name                = ${hcl(c.name)}`,
            `  resource_group_name = ${hcl(uami.resourceGroup)}`,
            `  parent_id           = azurerm_user_assigned_identity.runid${groups.length > 1 ? `_${g + 1}` : ''}.id`,
            `  issuer              = ${hcl(c.issuer)}`,
            `  subject             = ${hcl(c.subject)}`,
            `  audience            = ${hcl(c.audiences)}`,
            `}`,
          ].join('\n')
        : [
            `resource "azuread_application_federated_identity_credential" ${hcl(c.name.replace(/-/g, '_'))} {`,
            `  application_id = azuread_application_registration.runid${groups.length > 1 ? `_${g + 1}` : ''}.id`,
            `  display_name   = ${hcl(c.name)}`,
            `  description    = ${hcl(c.description)}`,
            `  issuer         = ${hcl(c.issuer)}`,
            `  subject        = ${hcl(c.subject)}`,
            `  audiences      = ${hcl(c.audiences)}`,
            `}`,
          ].join('\n'),
    ),
  );
  const native = groups.flatMap((group, g) =>
    group.map((c) =>
      uami
        ? `az identity federated-credential create --name ${c.name} --identity-name ${shellQuote(groups.length > 1 ? `${uami.name}-${g + 1}` : uami.name)} --resource-group ${shellQuote(uami.resourceGroup)} --issuer ${c.issuer} --subject ${shellQuote(c.subject as string)} --audiences ${shellQuote(c.audiences[0] as string)}`
        : `az ad app federated-credential create --id ${shellQuote(appFor(g))} --parameters ${shellQuote(JSON.stringify({ name: c.name, issuer: c.issuer, subject: c.subject, description: c.description, audiences: c.audiences }))}`,
    ),
  );
  return { groups, terraform: `${tf.join('\n\n')}\n`, native: `${native.join('\n')}\n`, notes };
}
