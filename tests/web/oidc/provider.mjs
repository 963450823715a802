// A real OpenID Connect provider on loopback for tiltak's sign-in tests: panva's certified oidc-provider with its
// development login form (any login name; the accounts below give the claims). Started by tests/web/oidc.py.
//
// Input (environment): OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI, OIDC_POST_LOGOUT_REDIRECT_URI,
// OIDC_ACCOUNTS (JSON: login name -> claims). Output: one line on stdout, {"issuer": "http://127.0.0.1:PORT"},
// once it listens (on a port the system chose, so two test runs never collide).
//
// An attacker in the middle, for the tests of a tampered ID token: POST /test/tamper {"mode": "claims"|"none"}
// alters the id_token of the next token response (a claim changed under the provider's signature, or the signature
// dropped with alg "none"). The provider itself is untouched.
import http from "node:http";
import Provider from "oidc-provider";

const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || "{}");
let tamper = null;

function b64(json) {
  return Buffer.from(JSON.stringify(json)).toString("base64url");
}

function tampered(idToken, mode) {
  const [header, payload, signature] = idToken.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  if (mode === "none") {
    return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
  }
  claims.email = "someone.else@example.no";
  claims.sub = `${claims.sub}-forged`;
  return `${header}.${b64(claims)}.${signature}`;
}

const server = http.createServer();
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: [process.env.OIDC_REDIRECT_URI],
      post_logout_redirect_uris: [process.env.OIDC_POST_LOGOUT_REDIRECT_URI],
      token_endpoint_auth_method: "client_secret_post",
      grant_types: ["authorization_code"],
      response_types: ["code"],
    }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The claims of the scopes asked for in the ID token itself (tiltak reads them from the verified ID token).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(ctx, id) {
      const claims = accounts[id];
      if (!claims) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...claims }; } };
    },
    // Consent is implied for this test client: the login form is the only interaction.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId,
                                                  accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid email profile");
      grant.addOIDCClaims(["email", "email_verified", "name"]);
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    if (ctx.method === "POST" && ctx.path === "/test/tamper") {
      const chunks = [];
      for await (const chunk of ctx.req) chunks.push(chunk);
      tamper = JSON.parse(Buffer.concat(chunks).toString() || "{}").mode || null;
      ctx.status = 204;
      return;
    }
    await next();
    if (ctx.path === "/token" && tamper && ctx.status === 200 && ctx.body && ctx.body.id_token) {
      ctx.body = { ...ctx.body, id_token: tampered(ctx.body.id_token, tamper) };
      tamper = null;
    }
  });
  server.on("request", provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.on("SIGTERM", () => server.close(() => process.exit(0)));
