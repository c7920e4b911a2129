/**
 * The governance side of a work order on phones (375 px), each actor in their own browser page and the
 * default red-property flow: the Party branch / grid leader dispatches (支部派单) choosing the worker from
 * the order's assignee list, the worker accepts on "my orders" (物业接单), the owners' committee supervises (业委会督单),
 * and the community verifies (社区验单) with a completion photo taken on the phone. Every move through the
 * console; the cloud's record is checked at the end.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sampleJpeg } from '@yardguard/edge/sim';
import { zh } from '../../console/src/i18n/zh.js';
import { loginThroughForm, PHONE } from './helpers/browser.js';
import { systemWithBrowser } from './helpers/suite.js';

interface DetailDto { workOrder: { stage: string; assigneeId: string | null }; history: { toStage: string; byUserId: string; photoIds: string[] }[] }

const env = systemWithBrowser();

describe('governance on phones: 派单, 接单, 督单, 验单 in the console', () => {
  it('each actor moves the order on from their own phone; 验单 carries a completion photo', async () => {
    const { sys, browser } = env;
    const resident = await sys.as('resident1');
    const installer = await sys.as('installer');
    const wo = await resident.json<{ id: string }>('POST', '/api/work-orders', { compoundId: sys.compoundId, category: 'gate_fault', title: '单元门闭门器漏油' });

    const openOrder = async (username: string, where = 'work-orders'): Promise<Page> => {
      const page = await browser.newPage({ viewport: PHONE });
      await loginThroughForm(page, username, sys.demoPassword);
      await page.goto(`/#/${where}/${encodeURIComponent(wo.id)}`);
      await page.locator(`[data-testid="wo-detail"][data-wo-id="${wo.id}"]`).waitFor();
      return page;
    };
    const moveOn = async (page: Page, stage: string) => {
      await page.getByTestId('wo-advance').click();
      await page.locator(`[data-testid="wo-detail"][data-stage="${stage}"]`).waitFor();
      expect(await page.getByTestId('wo-stage').textContent()).toBe(zh[`woStage.${stage}` as keyof typeof zh]);
    };

    // 支部派单: the grid leader cannot list the company's users, yet picks the worker from the order's list.
    const grid = await openOrder('grid1');
    const pick = grid.getByTestId('wo-assignee');
    await pick.locator(`option[value="${installer.login.user.id}"]`).waitFor({ state: 'attached' });
    expect(await grid.getByTestId('wo-advance').isDisabled()).toBe(true);
    await pick.selectOption(installer.login.user.id);
    await browser.screenshot(grid, '40-governance-dispatch-375');
    await moveOn(grid, 'dispatched');

    // 物业接单 by the worker it went to, on their "my orders" page; 业委会督单 by the owners' committee.
    const worker = await openOrder('installer', 'my-orders');
    await browser.screenshot(worker, '41-governance-accept-375');
    await moveOn(worker, 'accepted');
    const committee = await openOrder('committee1');
    await browser.screenshot(committee, '42-governance-supervise-375');
    await moveOn(committee, 'supervised');

    // 社区验单 with the completion photo taken on the phone: previewed, uploaded, named by the move, shown.
    const community = await openOrder('community1');
    await community.getByTestId('wo-verify-photo').setInputFiles([{ name: 'done.jpg', mimeType: 'image/jpeg', buffer: sampleJpeg() }]);
    await community.getByTestId('wo-verify-photo-preview').waitFor();
    await browser.screenshot(community, '43-governance-verify-375');
    await moveOn(community, 'verified');
    await community.getByTestId('wo-completion-photo').first().waitFor();
    expect(await community.getByTestId('wo-advance').count()).toBe(0);

    const detail = await resident.get<DetailDto>(`/api/work-orders/${wo.id}`);
    expect(detail.workOrder).toMatchObject({ stage: 'verified', assigneeId: installer.login.user.id });
    const by = Object.fromEntries(detail.history.map((h) => [h.toStage, h]));
    const ids = Object.fromEntries(await Promise.all(['grid1', 'committee1', 'community1'].map(async (u) => [u, (await sys.as(u)).login.user.id] as const)));
    expect(by.dispatched?.byUserId).toBe(ids.grid1);
    expect(by.accepted?.byUserId).toBe(installer.login.user.id);
    expect(by.supervised?.byUserId).toBe(ids.committee1);
    expect(by.verified?.byUserId).toBe(ids.community1);
    expect(by.verified?.photoIds).toHaveLength(1);
  });
});
