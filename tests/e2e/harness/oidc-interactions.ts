// The oidc-provider harness's user-facing pages: a real HTML login form that checks a password (oidc-provider's
// devInteractions accepts any login, which would hide a broken flow), consent granted automatically (the test
// client is first-party), and logout pages without external resources (there is no network for fonts).
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";

export interface DemoUser {
  sub: string;
  username: string;
  password: string;
  email: string;
  email_verified: boolean;
  name: string;
  given_name: string;
  family_name: string;
}

export const INTERACTION_PREFIX = "/interaction/";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>
`;
}

export function loginPage(uid: string, clientId: string, error?: string): string {
  const action = `${INTERACTION_PREFIX}${encodeURIComponent(uid)}/login`;
  return htmlPage("Sign in", `<p>to continue to <b id="client">${escapeHtml(clientId)}</b></p>
${error ? `<p id="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form id="login-form" method="post" action="${escapeHtml(action)}" autocomplete="off">
  <label>Username <input id="username" name="username" type="text" required autofocus></label>
  <label>Password <input id="password" name="password" type="password" required></label>
  <button id="login" type="submit">Sign in</button>
</form>`);
}

async function readForm(req: IncomingMessage, limitBytes = 16_384): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new Error("form body too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

/** Grants everything the request asked for, as a first-party IdP would without showing a consent screen. */
async function autoConsent(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  const details = prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session?.accountId, clientId: String(params.client_id) });
  if (!grant) throw new Error(`grant ${grantId} vanished`);
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(" "));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(" "));
  }
  const savedGrantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId: savedGrantId } }, { mergeWithLastSubmission: true });
}

/**
 * Handles GET /interaction/:uid (login form or automatic consent) and POST /interaction/:uid/login.
 * Returns false for any other request, which then goes to oidc-provider itself.
 */
export async function handleInteraction(
  provider: Provider,
  users: DemoUser[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const path = (req.url ?? "").split("?")[0];
  if (!path.startsWith(INTERACTION_PREFIX)) return false;
  const [uid, action] = path.slice(INTERACTION_PREFIX.length).split("/");
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== decodeURIComponent(uid)) throw new Error("interaction mismatch");
    const clientId = String(details.params.client_id ?? "");
    if (req.method === "GET" && action === undefined && details.prompt.name === "login") {
      send(res, 200, loginPage(details.uid, clientId));
    } else if (req.method === "GET" && action === undefined && details.prompt.name === "consent") {
      await autoConsent(provider, req, res);
    } else if (req.method === "POST" && action === "login") {
      const form = await readForm(req);
      const user = users.find((u) => u.username === form.get("username") && u.password === form.get("password"));
      if (user) {
        await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
      } else {
        send(res, 401, loginPage(details.uid, clientId, "Invalid username or password."));
      }
    } else {
      send(res, 404, htmlPage("Not found", `<p>no ${escapeHtml(req.method ?? "")} route for prompt ${escapeHtml(details.prompt.name)}</p>`));
    }
  } catch (err) {
    // Expired or unknown interaction (the _interaction cookie is gone): say so plainly, as a real IdP would.
    const message = err instanceof Error ? err.message : String(err);
    if (!res.headersSent) send(res, 400, htmlPage("Sign-in failed", `<p id="error">${escapeHtml(message)}</p>`));
    else res.end();
  }
  return true;
}

/** The "sign out?" page. `autoConfirm` submits it at once (Keycloak with id_token_hint does not ask either). */
export function logoutSource(autoConfirm: boolean) {
  return async (ctx: { body: unknown; host: string }, form: string): Promise<void> => {
    ctx.body = htmlPage("Sign out", `<p>Sign out from ${escapeHtml(ctx.host)}?</p>
${form}
<button id="logout-yes" type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button id="logout-no" type="submit" form="op.logoutForm">No, stay signed in</button>
${autoConfirm ? `<script>document.getElementById("logout-yes").click();</script>` : ""}`);
  };
}

/** Shown when RP-initiated logout had no (valid) post_logout_redirect_uri. */
export async function postLogoutSuccessSource(ctx: { body: unknown }): Promise<void> {
  ctx.body = htmlPage("Signed out", `<p id="signed-out">You are signed out.</p>`);
}
