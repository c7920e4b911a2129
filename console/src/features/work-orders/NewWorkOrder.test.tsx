import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { NewWorkOrder } from './NewWorkOrder.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { makeCompound, makeWorkOrder } from '../../test/fixtures.js';

describe('repair request with a photo', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });
  afterEach(() => api.close());

  it('uploads the photo first, then creates the work order with its id', async () => {
    api.on('POST /api/work-order-photos', { status: 201, body: { id: 'ph1', bytes: 7 } });
    api.on('POST /api/work-orders', { body: makeWorkOrder('w1', 'requested', { photoIds: ['ph1'] }) });
    const created: string[] = [];
    renderPage(
      <NewWorkOrder
        compounds={[makeCompound('c1', '建设路 12 号院', 36)]}
        categories={[{ id: 'roof_leak', zh: '屋顶漏水', en: 'Roof leak', dueHours: 72 }]}
        withPhoto
        onCreated={(wo) => created.push(wo.id)}
      />,
      { baseUrl: api.baseUrl, session: sessionAs('resident') },
    );
    fireEvent.change(screen.getByTestId('wo-new-title'), { target: { value: '5 号楼顶漏水' } });
    const photo = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], 'leak.png', { type: 'image/png' });
    fireEvent.change(screen.getByTestId('wo-new-photo'), { target: { files: [photo] } });
    fireEvent.click(screen.getByTestId('wo-new-submit'));
    await screen.findByTestId('wo-new-done');
    expect(created).toEqual(['w1']);
    const upload = api.requests.find((r) => r.path === '/api/work-order-photos')!;
    expect(upload.query.get('compoundId')).toBe('c1');
    expect(upload.authorization).toBe('Bearer tok-resident');
    expect(String(upload.body)).toContain('PNG');
    await waitFor(() => expect(api.requests.find((r) => r.path === '/api/work-orders')?.body).toEqual({ compoundId: 'c1', category: 'roof_leak', title: '5 号楼顶漏水', photoIds: ['ph1'] }));
  });

  it('takes up to 9 photos with previews, one can be removed, and uploads each before creating the order', async () => {
    let n = 0;
    api.on('POST /api/work-order-photos', () => ({ status: 201, body: { id: `ph${++n}`, bytes: 3 } }));
    api.on('POST /api/work-orders', { body: makeWorkOrder('w2', 'requested') });
    renderPage(
      <NewWorkOrder compounds={[makeCompound('c1', '建设路 12 号院', 36)]} categories={[{ id: 'roof_leak', zh: '屋顶漏水', en: 'Roof leak', dueHours: 72 }]} withPhoto onCreated={() => {}} />,
      { baseUrl: api.baseUrl, session: sessionAs('resident') },
    );
    fireEvent.change(screen.getByTestId('wo-new-title'), { target: { value: '楼道漏水' } });
    const files = Array.from({ length: 10 }, (_, i) => new File([new Uint8Array([0xff, 0xd8, i])], `p${i}.jpg`, { type: 'image/jpeg' }));
    fireEvent.change(screen.getByTestId('wo-new-photo'), { target: { files } });
    expect(screen.getAllByTestId('wo-new-photo-preview')).toHaveLength(9);
    expect(screen.getByRole('alert').textContent).toBe('最多 9 张照片');
    expect(screen.getByTestId('wo-new-photo-count').textContent).toBe('已选 9 / 9 张');
    expect((screen.getByTestId('wo-new-photo') as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(screen.getAllByTestId('wo-new-photo-remove')[0]!);
    expect(screen.getAllByTestId('wo-new-photo-preview').map((img) => img.getAttribute('alt'))).toEqual(['p1.jpg', 'p2.jpg', 'p3.jpg', 'p4.jpg', 'p5.jpg', 'p6.jpg', 'p7.jpg', 'p8.jpg']);
    fireEvent.click(screen.getByTestId('wo-new-submit'));
    await screen.findByTestId('wo-new-done');
    expect(api.requests.filter((r) => r.path === '/api/work-order-photos')).toHaveLength(8);
    expect((api.requests.find((r) => r.path === '/api/work-orders')?.body as { photoIds: string[] }).photoIds).toEqual(['ph1', 'ph2', 'ph3', 'ph4', 'ph5', 'ph6', 'ph7', 'ph8']);
    expect(screen.queryAllByTestId('wo-new-photo-preview')).toHaveLength(0);
  });
});
