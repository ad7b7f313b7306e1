import { XMLParser } from 'fast-xml-parser';

// Every value stays a string: an AccessKeyId or a numeric-looking secret must never become a number.
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
});

export interface StsSuccess {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  assumedRoleArn: string | undefined;
  assumedRoleId: string | undefined;
  subjectFromWebIdentityToken: string | undefined;
  audience: string | undefined;
  provider: string | undefined;
  requestId: string | undefined;
}

export interface StsFailure {
  code: string;
  message: string;
  type: string | undefined;
  requestId: string | undefined;
}

type Node = Record<string, unknown>;

export function parseStsXml(text: string): { success?: StsSuccess; failure?: StsFailure } {
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch {
    return {};
  }
  const ok = child(doc, 'AssumeRoleWithWebIdentityResponse');
  if (ok !== undefined) {
    const result = child(ok, 'AssumeRoleWithWebIdentityResult');
    const creds = result && child(result, 'Credentials');
    const user = result && child(result, 'AssumedRoleUser');
    const accessKeyId = str(creds, 'AccessKeyId');
    const secretAccessKey = str(creds, 'SecretAccessKey');
    const sessionToken = str(creds, 'SessionToken');
    const expiration = str(creds, 'Expiration');
    if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration) return {};
    return {
      success: {
        accessKeyId,
        secretAccessKey,
        sessionToken,
        expiration,
        assumedRoleArn: str(user, 'Arn'),
        assumedRoleId: str(user, 'AssumedRoleId'),
        subjectFromWebIdentityToken: str(result, 'SubjectFromWebIdentityToken'),
        audience: str(result, 'Audience'),
        provider: str(result, 'Provider'),
        requestId: str(child(ok, 'ResponseMetadata'), 'RequestId'),
      },
    };
  }
  const errorResponse = child(doc, 'ErrorResponse');
  const error = errorResponse && child(errorResponse, 'Error');
  const code = str(error, 'Code');
  if (code === undefined) return {};
  return {
    failure: {
      code,
      message: str(error, 'Message') ?? '',
      type: str(error, 'Type'),
      requestId: str(errorResponse, 'RequestId'),
    },
  };
}

function child(node: Node | undefined, name: string): Node | undefined {
  const value = node?.[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Node)
    : undefined;
}

function str(node: Node | undefined, name: string): string | undefined {
  const value = node?.[name];
  return typeof value === 'string' ? value : undefined;
}
