import { TrustInputError } from '../errors.js';
import { isPlainObject, parseJson } from '../json.js';

/** One federated identity credential, as `az ad app federated-credential list` prints it. */
export interface AzureCredential {
  name: string;
  issuer: string;
  subject?: string;
  audiences: string[];
  description?: string;
  /** Flexible FIC (preview, only for GitHub/GitLab/Terraform Cloud issuers). */
  claimsMatchingExpression?: { value: string; languageVersion?: number };
  /** `Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials` for a UAMI. */
  type?: string;
}

/** Reads one credential or a list (`az … federated-credential list|show`, or the create JSON). */
export function readAzureCredentials(text: string, source = 'azure credential'): AzureCredential[] {
  const { value } = parseJson(text, source);
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    const at = Array.isArray(value) ? `/${i}` : '';
    if (!isPlainObject(item))
      throw new TrustInputError('invalid_config', source, at, 'expected an object');
    const name = item.name;
    const issuer = item.issuer;
    const audiences = item.audiences ?? item.audience;
    if (typeof issuer !== 'string') {
      throw new TrustInputError('invalid_config', source, `${at}/issuer`, 'missing the issuer');
    }
    if (!Array.isArray(audiences) || !audiences.every((a) => typeof a === 'string')) {
      throw new TrustInputError(
        'invalid_config',
        source,
        `${at}/audiences`,
        'expected a list of strings',
      );
    }
    const subject = item.subject;
    if (subject !== undefined && subject !== null && typeof subject !== 'string') {
      throw new TrustInputError('invalid_config', source, `${at}/subject`, 'expected a string');
    }
    const cme = item.claimsMatchingExpression;
    return {
      name: typeof name === 'string' ? name : `credential ${i}`,
      issuer,
      audiences: audiences as string[],
      ...(typeof subject === 'string' ? { subject } : {}),
      ...(typeof item.description === 'string' ? { description: item.description } : {}),
      ...(isPlainObject(cme) && typeof cme.value === 'string'
        ? {
            claimsMatchingExpression: {
              value: cme.value,
              ...(typeof cme.languageVersion === 'number'
                ? { languageVersion: cme.languageVersion }
                : {}),
            },
          }
        : {}),
      ...(typeof item.type === 'string' ? { type: item.type } : {}),
    };
  });
}
