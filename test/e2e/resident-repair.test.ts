/**
 * A resident's repair request on a phone (375 px), in large-text mode: photos picked on the phone show
 * as previews (one removed again) and are uploaded with the request; the company's people move the
 * order through 派单 / 接单 / 督单 over the cloud's HTTP API and the resident's open page shows each
 * stage live (the `work_order.update` addressed to them; no reload); at 验单 the resident verifies
 * and rates it with stars and a comment, and the cloud stores both. Last, the gateway stops and the
 * resident's gate says it is offline before anyone taps it.
 *
 * The demo company's flow lets the requesting resident verify (业主验收) and the manager dispatch and
 * supervise, so the path runs with the company's own people; the default flow's roles are tested in
 * alert-desk.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { defaultWorkOrderFlow, type WorkOrderFlow } from '@yardguard/firmware-config';
import { sampleJpeg } from '@yardguard/edge/sim';
import { waitFor } from '@yardguard/test/servers';
import { zh } from '../../console/src/i18n/zh.js';
import { loginThroughForm, PHONE } from './helpers/browser.js';
import { systemWithBrowser } from './helpers/suite.js';

interface WorkOrderDto { id: string; stage: string; photoIds: string[]; rating: number | null; ratingComment: string | null; requestedBy: string; assigneeId: string | null }
interface WorkOrderDetailDto { workOrder: WorkOrderDto; history: { toStage: string; byUserId: string }[] }

const env = systemWithBrowser();

const fontPx = (el: Element) => parseFloat(getComputedStyle(el).fontSize);

describe('resident: a repair request followed live, verified and rated', () => {
  it('photos with previews, 派单/接单/督单 shown live, 验单 and a star rating with a comment, in large text', async () => {
    const { sys, browser } = env;
    const manager = await sys.as('manager');
    const repair = await sys.as('repair1');
    const resident = await sys.as('resident1');

    // The company running this compound lets the manager dispatch and supervise, and the resident verify.
    const { companies } = await manager.get<{ companies: { id: string; compoundIds: string[] }[] }>('/api/companies');
    const company = companies.find((c) => c.compoundIds.includes(sys.compoundId));
    if (!company) throw new Error(`no company runs ${sys.compoundId} in the demo seed`);
    const flow: WorkOrderFlow = {
      ...defaultWorkOrderFlow,
      moves: { ...defaultWorkOrderFlow.moves, dispatch: ['grid_leader', 'manager'], supervise: ['committee', 'manager'], verify: ['community', 'resident'] },
    };
    await manager.json('PUT', `/api/companies/${company.id}/flow`, flow);

    const page = await browser.newPage({ viewport: PHONE });
    await loginThroughForm(page, 'resident1', sys.demoPassword);
    await page.getByTestId('resident-page').waitFor();

    // Large text (适老化): the toggle grows the body type to at least 18 px.
    const toggle = page.getByTestId('big-text-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const bodyBefore = await page.locator('body').evaluate(fontPx);
    await toggle.click();
    await page.locator('[data-testid="big-text-toggle"][aria-pressed="true"]').waitFor();
    await page.locator('html.big-text').waitFor({ state: 'attached' });
    const bodyAfter = await page.locator('body').evaluate(fontPx);
    expect(bodyAfter).toBeGreaterThanOrEqual(18);
    expect(bodyAfter).toBeGreaterThan(bodyBefore);
    expect(await page.getByTestId('wo-new-form').locator('label').first().evaluate(fontPx)).toBeGreaterThanOrEqual(18);
    expect(await toggle.textContent()).toBe(zh['resident.bigTextOn']);

    // Three photos picked, each previewed; one taken out again; two go with the request.
    const title = '5号楼2单元楼道灯不亮';
    await page.getByTestId('wo-new-title').fill(title);
    await page.getByTestId('wo-new-photo').setInputFiles([1, 2, 3].map((n) => ({ name: `light-${n}.jpg`, mimeType: 'image/jpeg', buffer: sampleJpeg() })));
    const previews = page.getByTestId('wo-new-photo-preview');
    await waitFor(async () => (await previews.count()) === 3, { message: 'three photo previews' });
    // A preview is the picked image itself, decoded by the browser.
    await waitFor(async () => (await previews.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0))), { message: 'previews decoded' });
    expect(await page.getByTestId('wo-new-photo-count').textContent()).toBe(zh['resident.photoCount'].replace('{n}', '3'));
    await browser.screenshot(page, '23-resident-repair-photos-375');
    await page.getByTestId('wo-new-photo-remove').nth(1).click();
    await waitFor(async () => (await previews.count()) === 2, { message: 'one preview removed' });
    expect(await previews.evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')))).toEqual(['light-1.jpg', 'light-3.jpg']);
    expect(await page.getByTestId('wo-new-photo-count').textContent()).toBe(zh['resident.photoCount'].replace('{n}', '2'));

    await page.getByTestId('wo-new-submit').click();
    await page.getByTestId('wo-new-done').waitFor();
    const mine = page.locator('[data-testid="my-request"]', { hasText: title });
    await mine.waitFor();
    const woId = await mine.getAttribute('data-wo-id');
    if (!woId) throw new Error('the new request has no data-wo-id');
    const row = (stage: string) => page.locator(`[data-testid="my-request"][data-wo-id="${woId}"][data-stage="${stage}"]`);
    await row('requested').waitFor();
    const stored = await manager.get<WorkOrderDetailDto>(`/api/work-orders/${woId}`);
    expect(stored.workOrder).toMatchObject({ title, stage: 'requested', compoundId: sys.compoundId, requestedBy: resident.login.user.id });
    expect(stored.workOrder.photoIds).toHaveLength(2);

    // From here on the page is never reloaded: a marker in the window would be gone after a reload.
    await page.evaluate(() => Object.assign(window, { __ygSameDocument: true }));
    await page.locator('[data-testid="my-requests"][data-live="true"]').waitFor();

    const moves = [
      ['dispatched', manager, { assigneeId: repair.login.user.id, note: '请马师傅换灯' }],
      ['accepted', repair, { note: '下午到' }],
      ['supervised', manager, { note: '已查看，灯亮了' }],
    ] as const;
    for (const [stage, who, extra] of moves) {
      // The resident may not make these moves: no verify button before 督单.
      expect(await mine.getByTestId('my-request-verify').count()).toBe(0);
      await who.json('POST', `/api/work-orders/${woId}/transition`, { to: stage, ...extra });
      await row(stage).waitFor();
      expect(await row(stage).getByTestId('my-request-stage').textContent()).toBe(zh['resident.stageNow'].replace('{stage}', zh[`woStage.${stage}`]));
      await browser.screenshot(page, `24-resident-repair-${stage}-375`);
    }

    // 验单 by the resident, then stars and a comment.
    await mine.getByTestId('my-request-verify').click();
    await row('verified').waitFor();
    await mine.getByTestId('rate-4').click();
    await mine.locator('[data-testid="rate-4"][aria-checked="true"]').waitFor();
    const comment = '马师傅很快就修好了，谢谢';
    await mine.getByTestId('rate-comment').fill(comment);
    await browser.screenshot(page, '25-resident-repair-rate-375');
    await mine.getByTestId('rate-submit').click();
    await mine.getByTestId('my-request-comment').waitFor();
    expect(await mine.textContent()).toContain(zh['resident.rated'].replace('{n}', '4'));
    expect(await mine.getByTestId('my-request-comment').textContent()).toContain(comment);
    expect(await page.evaluate(() => (window as unknown as { __ygSameDocument?: boolean }).__ygSameDocument)).toBe(true);
    await browser.screenshot(page, '26-resident-repair-rated-375');

    // The cloud stored the rating, the comment and the five steps by the people who made them.
    const closed = await manager.get<WorkOrderDetailDto>(`/api/work-orders/${woId}`);
    expect(closed.workOrder).toMatchObject({ stage: 'verified', rating: 4, ratingComment: comment, assigneeId: repair.login.user.id });
    expect(closed.history.map((h) => h.toStage)).toEqual(['requested', 'dispatched', 'accepted', 'supervised', 'verified']);
    expect(closed.history.map((h) => h.byUserId)).toEqual([
      resident.login.user.id, manager.login.user.id, repair.login.user.id, manager.login.user.id, resident.login.user.id,
    ]);
    await page.context().close();
  });

  // Last in the file: it stops the gateway.
  it('shows the gate as offline before the tap once the gateway is gone', async () => {
    const { sys, browser } = env;
    const myGate = `${sys.gatewayId}.gate-main`;
    const resident = await sys.as('resident1');
    const page = await browser.newPage({ viewport: PHONE });
    await loginThroughForm(page, 'resident1', sys.demoPassword);
    const wrapper = page.locator('.gate-open', { has: page.getByTestId(`gate-open-${myGate}`) });
    await wrapper.waitFor();
    expect(await wrapper.getAttribute('data-online')).toBe('true');
    expect(await page.getByTestId('gate-offline').count()).toBe(0);

    await sys.edge.stop();
    await waitFor(async () => {
      const { gates } = await resident.get<{ gates: { id: string; online: boolean | null }[] }>('/api/gates');
      return gates.find((g) => g.id === myGate)?.online === false;
    }, { timeoutMs: 30_000, message: 'the cloud lists the gate offline once its gateway is gone' });

    // The page fetches gates when it is opened (and every minute in front): open it again.
    await page.reload();
    const offline = page.locator(`[data-testid="gate-offline"][data-gate-id="${myGate}"]`);
    await offline.waitFor();
    expect(await offline.textContent()).toBe(zh['resident.gateOffline']);
    expect(await wrapper.getAttribute('data-online')).toBe('false');
    // Still a button: the state may be old, and a tap gives the real answer.
    expect(await page.getByTestId(`gate-open-${myGate}`).isEnabled()).toBe(true);
    await browser.screenshot(page, '27-resident-gate-offline-375');
    await page.context().close();
  });
});
