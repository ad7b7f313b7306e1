import { RunIdArgumentError } from '../errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface StsEndpointOptions {
  /** Region; else `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1`. */
  region?: string | undefined;
  /** Explicit endpoint URL; wins over the environment. */
  endpoint?: string | undefined;
  /** The environment to read (default `process.env`). */
  env?: Env | undefined;
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * Where to send STS calls, in the AWS SDKs' order: an explicit endpoint, `AWS_ENDPOINT_URL_STS`,
 * `AWS_ENDPOINT_URL` (both ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`), then the
 * regional endpoint.
 */
export function resolveStsEndpoint(options: StsEndpointOptions = {}): {
  url: string;
  region: string;
} {
  const env = options.env ?? process.env;
  const region =
    options.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? 'us-east-1';
  if (!REGION_PATTERN.test(region)) {
    throw new RunIdArgumentError('region', `not an AWS region name: ${JSON.stringify(region)}`);
  }
  const ignoreEnv = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true';
  const configured =
    options.endpoint ??
    (ignoreEnv
      ? undefined
      : (nonEmpty(env.AWS_ENDPOINT_URL_STS) ?? nonEmpty(env.AWS_ENDPOINT_URL)));
  if (configured !== undefined) return { url: checkUrl(configured), region };
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return { url: `https://sts.${region}.${suffix}/`, region };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function checkUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
  } catch {
    // reported below
  }
  throw new RunIdArgumentError('endpoint', `not an http(s) URL: ${JSON.stringify(value)}`);
}
