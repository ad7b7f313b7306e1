import { createClient } from '../src/index.js';

const client = createClient({}); // RUNID_URL, RUNID_API_KEY
const { claims, verdict, findings } = await client.simulateTrust({
  token: {
    kind: 'deployment',
    org: 'acme',
    project: 'web',
    stack: 'prod',
    operation: 'update',
    deployment: 42,
  },
  relyingParty: {
    vault: {
      data: {
        role_type: 'jwt',
        bound_audiences: ['acme'],
        bound_subject: 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write',
      },
    },
  },
});
console.log(claims.sub, verdict.accepted); // refused: verdict.stage, .code, .message, .failed, .hint
for (const f of findings) console.log(f.rule, f.severity, f.path, f.fix);
