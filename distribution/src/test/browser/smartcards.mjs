// Drives the Smart Cards page in Debian's headless Chromium for WebConsoleIT, one step at a time. It talks to the
// test over standard input and output, one line per message:
//   prints  STEP readers-shown        the page lists the simulated reader
//   prints  WAIT attach               the test now attaches from the shell, then sends: ATTACHED <id>
//   prints  STEP attachment-shown     the page lists that attachment with its owner
//   prints  STEP detached             force-detach was pressed and the attachment is gone from the page
//   prints  DONE                      both screenshots are saved
//   prints  FAIL <message>            something went wrong (exit status 1)
// Usage: node smartcards.mjs URL USER PASSWORD SCREENSHOT-FOLDER CHROMIUM
// Screenshots: smartcards-attached.png (the attachment listed) and smartcards-detached.png (after force-detach).
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';

const [url, user, password, screenshots, executablePath] = process.argv.slice(2);
const STEP_TIMEOUT = 30_000;
// Flags that work on these machines: no sandbox as root, no GPU, no background traffic to the closed network.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const lines = createInterface({ input: process.stdin });
const pending = [];
let waiter = null;
lines.on('line', (line) => {
    if (waiter) {
        const resolve = waiter;
        waiter = null;
        resolve(line);
    } else {
        pending.push(line);
    }
});

function nextLine() {
    if (pending.length) {
        return Promise.resolve(pending.shift());
    }
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no line from the test within ' + STEP_TIMEOUT + ' ms')),
            STEP_TIMEOUT);
        waiter = (line) => { clearTimeout(timer); resolve(line); };
    });
}

function say(line) {
    process.stdout.write(line + '\n');
}

async function openPage(page) {
    // The HTTP service may still be starting: retry the first load for a bounded time.
    const deadline = Date.now() + STEP_TIMEOUT;
    for (;;) {
        try {
            const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: STEP_TIMEOUT });
            if (response && response.ok()) {
                return;
            }
            if (Date.now() > deadline) {
                throw new Error('the page answered HTTP ' + (response ? response.status() : 'nothing'));
            }
        } catch (error) {
            if (Date.now() > deadline) {
                throw error;
            }
        }
        await page.waitForTimeout(250);
    }
}

const browser = await chromium.launch({ executablePath, headless: true, args: ARGS });
let status = 0;
try {
    const context = await browser.newContext({ httpCredentials: { username: user, password },
        viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);

    await openPage(page);
    await page.locator('#cm-readers td.cm-reader', { hasText: 'Sim Reader 0' }).waitFor();
    await page.locator('#cm-health tr[data-check="cardmanage core"]').waitFor();
    say('STEP readers-shown');

    say('WAIT attach');
    const answer = await nextLine();
    const id = answer.replace(/^ATTACHED\s+/, '').trim();
    const row = page.locator(`#cm-attachments tr[data-attachment="${id}"]`);
    await row.waitFor();
    const text = await row.innerText();
    if (!text.includes('org.cardmanage.core') || !text.includes('Sim Reader 0') || !text.includes('SHARED')) {
        throw new Error('the row of ' + id + ' does not show its owner, reader and share mode: ' + text);
    }
    await page.screenshot({ path: screenshots + '/smartcards-attached.png', fullPage: true });
    say('STEP attachment-shown');

    page.once('dialog', (dialog) => dialog.accept());
    await row.locator('select[name="disposition"]').selectOption('RESET');
    await row.locator('button[data-action="detach"]').click();
    await row.waitFor({ state: 'detached' });
    await page.locator('#cm-message', { hasText: id + ' detached (RESET)' }).waitFor();
    await page.locator('#cm-events td', { hasText: 'ATTACHMENT_REVOKED' }).first().waitFor();
    say('STEP detached');

    await page.screenshot({ path: screenshots + '/smartcards-detached.png', fullPage: true });
    say('DONE');
} catch (error) {
    say('FAIL ' + String(error && error.message || error).split('\n')[0]);
    status = 1;
} finally {
    await browser.close();
    lines.close();
}
process.exit(status);
