/**
 * The page behind a consumer key's `validationUrl` (`GET /auth/?credentialToken=…`, unprefixed like OVH's): it
 * shows the application and the access rules it asks for, with a form to grant or refuse the key, so that a
 * person (or a test driving a browser) can validate a key of a simulator running in another process.
 * Plain HTML: no script, no external resource, every value escaped.
 */
import type { RouteContext, SimRoute } from '../route.js';
import { answerCredentialValidation, effectiveStatus, findCredentialByValidationToken, type SimCredential } from '../state.js';
import { VALIDATION_PATH } from './auth.js';

const HTML_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // The URL carries the credential token: do not leak it, do not let another page frame the buttons.
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1b2733}
.sim{background:#fff4ce;border:1px solid #e0c36a;padding:.5rem .75rem;font-size:.9rem}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #c8d0d8;padding:.3rem .6rem;text-align:left}
code{font-family:ui-monospace,monospace}button{font-size:1rem;padding:.4rem 1.2rem;margin-right:.5rem}`;

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · OVH API simulator</title>
<style>${STYLE}</style>
</head>
<body>
<p class="sim">OVH API simulator (<code>ovh-credentials/testing</code>): a local test fixture, not OVHcloud.</p>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
  return new Response(html, { status, headers: HTML_HEADERS });
}

const STATUS_TEXT: Record<string, string> = {
  validated: 'already validated',
  refused: 'refused',
  expired: 'expired',
};

type Found = { ok: true; credential: SimCredential } | { ok: false; response: Response };

function findCredential({ url, runtime }: RouteContext): Found {
  const token = url.searchParams.get('credentialToken');
  if (token === null || token === '') {
    return {
      ok: false,
      response: page(
        400,
        'Missing credential token',
        '<p>This link has no <code>credentialToken</code>: open the <code>validationUrl</code> returned by <code>POST /auth/credential</code>.</p>',
      ),
    };
  }
  const credential = findCredentialByValidationToken(runtime.state, token);
  if (credential === undefined) {
    return {
      ok: false,
      response: page(
        404,
        'Unknown credential token',
        '<p>No consumer key of this simulator has this validation link (the simulator forgets everything when it stops).</p>',
      ),
    };
  }
  return { ok: true, credential };
}

function applicationLine({ runtime }: RouteContext, credential: SimCredential, granted: boolean): string {
  const application = runtime.state.applications.get(credential.applicationId);
  const name = application?.name ?? `application ${credential.applicationId}`;
  const description = application?.description ? ` <span>(${escapeHtml(application.description)})</span>` : '';
  const verb = granted ? 'may now use' : 'asks for access to';
  return `<p>Application <strong>${escapeHtml(name)}</strong>${description} ${verb} account <code>${escapeHtml(runtime.state.account.nichandle)}</code>.</p>`;
}

function rulesTable(credential: SimCredential): string {
  const rows = credential.rules.map(
    (rule) => `<tr><td><code>${escapeHtml(rule.method)}</code></td><td><code>${escapeHtml(rule.path)}</code></td></tr>`,
  );
  const ips = credential.allowedIPs?.length
    ? `<p>Only from: ${credential.allowedIPs.map((ip) => `<code>${escapeHtml(ip)}</code>`).join(', ')}</p>`
    : '';
  return `<table><thead><tr><th>Method</th><th>Path</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>\n${ips}`;
}

/** The credential's redirection as a link, when it is an http(s) URL. */
function redirectionLink(credential: SimCredential, text: string): string {
  const target = credential.redirection;
  if (target === null || !/^https?:\/\//i.test(target) || !URL.canParse(target)) return '';
  return `<p><a href="${escapeHtml(target)}">${escapeHtml(text)}</a> <code>${escapeHtml(target)}</code></p>`;
}

function notPending(credential: SimCredential, status: string, httpStatus: number): Response {
  const state = STATUS_TEXT[status] ?? status;
  return page(
    httpStatus,
    `This consumer key is ${state}`,
    `<p>Consumer key ${credential.credentialId} is <strong>${escapeHtml(status)}</strong>: there is nothing left to decide.</p>`,
  );
}

/** The validation page routes (`GET` shows the request, `POST action=grant|refuse` answers it). */
export const validationPageRoutes: readonly SimRoute[] = [
  {
    api: 'root',
    method: 'GET',
    path: VALIDATION_PATH,
    auth: 'none',
    handle: (context) => {
      const found = findCredential(context);
      if (!found.ok) return found.response;
      const { credential } = found;
      const status = effectiveStatus(credential, context.runtime.now());
      if (status !== 'pendingValidation') return notPending(credential, status, 200);
      const action = `${VALIDATION_PATH}?credentialToken=${encodeURIComponent(credential.validationToken)}`;
      return page(
        200,
        'Authorize an application',
        `${applicationLine(context, credential, false)}
<p>Requested rights (consumer key ${credential.credentialId}):</p>
${rulesTable(credential)}
<form method="post" action="${escapeHtml(action)}">
<button type="submit" name="action" value="grant">Authorize</button>
<button type="submit" name="action" value="refuse">Refuse</button>
</form>`,
      );
    },
  },
  {
    api: 'root',
    method: 'POST',
    path: VALIDATION_PATH,
    auth: 'none',
    handle: (context) => {
      const found = findCredential(context);
      if (!found.ok) return found.response;
      const { credential } = found;
      const action = new URLSearchParams(context.body).get('action');
      if (action !== 'grant' && action !== 'refuse') {
        return page(400, 'Unknown answer', '<p>Send <code>action=grant</code> or <code>action=refuse</code> (form-encoded).</p>');
      }
      const status = effectiveStatus(credential, context.runtime.now());
      if (status !== 'pendingValidation') return notPending(credential, status, 409);
      answerCredentialValidation(context.runtime.state, credential, action === 'grant');
      if (action === 'refuse') {
        return page(200, 'Access refused', `<p>Consumer key ${credential.credentialId} is refused: the application cannot use it.</p>`);
      }
      return page(
        200,
        'Access granted',
        `${applicationLine(context, credential, true)}
<p>Consumer key ${credential.credentialId} is validated with these rights:</p>
${rulesTable(credential)}
${redirectionLink(credential, 'Back to the application:')}`,
      );
    },
  },
];
