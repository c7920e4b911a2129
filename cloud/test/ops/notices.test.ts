/**
 * The public notice board (公示栏): no account needed, the live parts (guard on duty with phone,
 * work orders by category and progress) and the manager's published content; versions kept; and
 * nothing personal about residents leaks (names, phones, rooms, free text, ids, photos).
 */
import { describe, expect, it } from 'vitest';
import type { NoticeBoard, NoticeContentInput, NoticeHistory, PublicNotice, WorkOrder } from '@yardguard/firmware-config';
import { manualClock } from '../../src/alerts/clock.js';
import { createPost, createRoster } from '../../src/shifts/store.js';
import { openTestDb, seed } from './db.js';
import { buildOpsApp } from './app.js';

const content: NoticeContentInput = {
  services: [{ name: '24小时门岗', detail: '大门秩序维护，夜间巡逻两次' }, { name: '环境保洁', detail: '每日清扫，垃圾日产日清' }],
  fees: [{ item: '物业服务费', standard: '120元/户/年' }, { item: '电动车充电', standard: '1元/4小时' }],
  phones: [{ label: '报修电话', phone: '0371-66001234' }, { label: '投诉电话', phone: '12345' }],
  finance: { month: '2026-02', income: [{ item: '物业费', amount: 3600 }, { item: '充电收入', amount: 420.5 }], spending: [{ item: '保安工资', amount: 3000 }, { item: '水电', amount: 312.3 }] },
  safetyNotices: [{ title: '禁止飞线充电', body: '电动车请到车棚充电，严禁从窗户拉线。', date: '2026-03-01' }],
  rules: '车辆有序停放，垃圾分类投放。',
};

describe('notice board', () => {
  it('public without an account, live duty and work orders, versions kept, and no resident data', async () => {
    const db = await openTestDb();
    await seed(db);
    const clock = manualClock('2026-03-02T02:00:00.000Z');
    const ops = await buildOpsApp(db, { clock });
    await db.updateTable('users').set({ phone: '13838001002' }).where('id', '=', 'g1').execute();
    await db.updateTable('users').set({ phone: '13903710001', display_name: '王秀英' }).where('id', '=', 'r1').execute();
    const post = await createPost(db, 'c1', '大门岗', clock.now());
    await createRoster(db, post.id, { pattern: '24on48off', anchorAt: '2026-03-01T16:00:00.000Z', guardIds: ['g1', 'g2', 'g3'] }, clock.now());

    // A resident's request full of personal detail.
    const secret = { title: '王秀英家3号楼2单元401漏水 电话13903710001', description: '老人独居，钥匙在门口地垫下', location: '3号楼2单元401' };
    const w = (await ops.app.inject({ method: 'POST', url: '/api/work-orders', headers: await ops.as('r1'), payload: { compoundId: 'c1', category: 'roof_leak', ...secret } })).json() as WorkOrder;

    const board0 = (await ops.app.inject({ url: '/api/compounds/c1/notice', headers: await ops.as('m1') })).json() as NoticeBoard;
    expect(board0).toMatchObject({ version: 0, path: `/notice/${board0.token}` });
    expect(board0.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await ops.app.inject({ method: 'PUT', url: '/api/compounds/c1/notice', headers: await ops.as('g1'), payload: content })).statusCode).toBe(403);
    expect((await ops.app.inject({ method: 'PUT', url: '/api/compounds/c1/notice', headers: await ops.as('m2'), payload: content })).statusCode).toBe(403);
    const v1 = (await ops.app.inject({ method: 'PUT', url: '/api/compounds/c1/notice', headers: await ops.as('m1'), payload: content })).json() as NoticeBoard;
    expect(v1).toMatchObject({ version: 1, publishedAt: '2026-03-02T02:00:00.000Z', token: board0.token });
    clock.advance(3_600_000);
    const v2 = (await ops.app.inject({ method: 'PUT', url: '/api/compounds/c1/notice', headers: await ops.as('m1'), payload: { ...content, fees: [{ item: '物业服务费', standard: '150元/户/年' }] } })).json() as NoticeBoard;
    expect(v2.version).toBe(2);
    const hist = (await ops.app.inject({ url: '/api/compounds/c1/notice/history', headers: await ops.as('co1') })).json() as NoticeHistory;
    expect(hist.versions.map((h) => [h.version, h.publishedAt, h.publishedBy, h.content.fees[0]!.standard])).toEqual([
      [2, '2026-03-02T03:00:00.000Z', 'm1', '150元/户/年'], [1, '2026-03-02T02:00:00.000Z', 'm1', '120元/户/年'],
    ]);

    const res = await ops.app.inject({ url: `/api/public/notices/${board0.token}` });
    expect(res.statusCode).toBe(200);
    const pub = res.json() as PublicNotice;
    expect(pub.compound.name).toBe('小区c1');
    expect(pub.version).toBe(2);
    expect(pub.content.fees).toEqual([{ item: '物业服务费', standard: '150元/户/年' }]);
    expect(pub.financeTotals).toEqual({ income: 4020.5, spending: 3312.3, balance: 708.2 });
    // 2026-03-02T03:00Z is inside g1's first 24 h shift (anchored 03-02 00:00 China time).
    expect(pub.onDuty).toEqual([{ name: 'g1师傅', post: '大门岗', phone: '13838001002' }]);
    expect(pub.workOrders).toMatchObject({ month: '2026-03', open: 1, closedThisMonth: 0, latest: [{ category: '屋顶漏水', stage: 'requested', createdOn: '2026-03-02', closedOn: null }] });
    const text = res.body;
    for (const leak of ['王秀英', '13903710001', '401', '钥匙', 'r1', w.id, secret.title, 'requestedBy', 'assignee', 'photo']) {
      expect(text, `public notice leaks ${leak}`).not.toContain(leak);
    }

    expect((await ops.app.inject({ url: '/api/public/notices/not-a-real-board-token-000' })).statusCode).toBe(404);
    expect((await ops.app.inject({ url: '/api/public/notices/x' })).statusCode).toBe(400);
    // A new address: the old QR code stops working.
    const rotated = (await ops.app.inject({ method: 'POST', url: '/api/compounds/c1/notice/rotate', headers: await ops.as('m1') })).json() as NoticeBoard;
    expect(rotated.token).not.toBe(board0.token);
    expect((await ops.app.inject({ url: `/api/public/notices/${board0.token}` })).statusCode).toBe(404);
    expect((await ops.app.inject({ url: `/api/public/notices/${rotated.token}` })).statusCode).toBe(200);
  });
});
