// Headless Chromium from Debian's `chromium` package, driven by playwright-core. Never downloads a browser.
//   const browser = await launchBrowser();
//   const page = await browser.newPage();     // each call: a fresh context (no cookies shared between tests)
//   ...; await browser.stop();
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// No sandbox: tests run as root. The rest keeps Chromium from calling home (there is no network here, and a
// background request must never race a test's own traffic). QUIC off: everything here is plain HTTP/1.1.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

export interface RunningBrowser {
  browser: Browser;
  /** A fresh, isolated context (own cookie jar); closed by stop() if the test does not close it. */
  newContext(): Promise<BrowserContext>;
  /** A page in a fresh context. */
  newPage(): Promise<Page>;
  stop(): Promise<void>;
}

/** A user's login form credentials, for both the oidc-provider harness and Keycloak. */
export interface LoginCredentials { username: string; password: string }

export async function launchBrowser(options: { timeoutMs?: number } = {}): Promise<RunningBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: run scripts/install-system.sh (Debian package chromium)`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    timeout: options.timeoutMs ?? 30_000,
  });
  const contexts = new Set<BrowserContext>();
  const newContext = async (): Promise<BrowserContext> => {
    const context = await browser.newContext();
    // Bounded by default: a page that never loads fails the test instead of hanging it.
    context.setDefaultTimeout(15_000);
    context.setDefaultNavigationTimeout(15_000);
    contexts.add(context);
    context.on("close", () => contexts.delete(context));
    return context;
  };
  return {
    browser,
    newContext,
    async newPage() {
      return (await newContext()).newPage();
    },
    async stop() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}

/**
 * Fills and submits the IdP's login form: the oidc-provider harness and Keycloak both name their fields
 * #username and #password. Resolves once the form's submission navigated away.
 */
export async function submitLoginForm(page: Page, user: LoginCredentials): Promise<void> {
  await page.locator("#username").fill(user.username);
  await page.locator("#password").fill(user.password);
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.locator("form button[type=submit], form input[type=submit]").first().click(),
  ]);
}
