import type { ServerResponse } from 'node:http';

export const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function stsSuccessXml(
  options: { expiration: string; sessionName?: string } = { expiration: '2030-01-01T00:00:00Z' },
): string {
  const name = options.sessionName ?? 'app1';
  return `<AssumeRoleWithWebIdentityResponse xmlns="${STS_NS}">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write</SubjectFromWebIdentityToken>
    <Audience>acme</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/deployer/${name}</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:${name}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE</SessionToken>
      <SecretAccessKey>0123456789012345678901234567890123456789</SecretAccessKey>
      <Expiration>${options.expiration}</Expiration>
      <AccessKeyId>ASIA0000000000000001</AccessKeyId>
    </Credentials>
    <Provider>arn:aws:iam::123456789012:oidc-provider/id.example.com/oidc</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`;
}

export function stsErrorXml(code: string, message: string, type = 'Sender'): string {
  return `<ErrorResponse xmlns="${STS_NS}">
  <Error>
    <Type>${type}</Type>
    <Code>${code}</Code>
    <Message>${message}</Message>
  </Error>
  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
</ErrorResponse>`;
}

export function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'c6104cbe' });
  res.end(xml);
}

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/deployer';
