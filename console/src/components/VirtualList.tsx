/**
 * Windowed list whose rows may differ in height (an alert card grows a snapshot, a resolve form):
 * only rows in view (plus a few either side) are in the DOM, and each rendered row is measured
 * (@tanstack/react-virtual), so a list of thousands scrolls as cheaply as a list of twenty.
 */
import { useRef, type ReactNode } from 'react';
import { useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';

export interface VirtualListProps<T> {
  items: readonly T[];
  /** A row's expected height before it is measured. */
  estimateHeight: number;
  renderRow(item: T, index: number): ReactNode;
  getKey(item: T): string;
  overscan?: number;
  /** Used while the container has no measured height (and in jsdom, which has no layout). */
  fallbackHeight?: number;
  className?: string;
  testId?: string;
}

export function VirtualList<T>({ items, estimateHeight, renderRow, getKey, overscan = 4, fallbackHeight = 640, className, testId }: VirtualListProps<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: items.length,
    getScrollElement: () => ref.current,
    estimateSize: () => estimateHeight,
    overscan,
    getItemKey: (i) => getKey(items[i] as T),
    initialRect: { width: 0, height: fallbackHeight },
    // No layout (jsdom) or not laid out yet: a zero height would mean zero rows.
    measureElement: (el) => el.getBoundingClientRect().height || estimateHeight,
    observeElementRect: (instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) => {
      const el = instance.scrollElement;
      if (!el) return;
      const measure = () => {
        const r = el.getBoundingClientRect();
        cb({ width: r.width, height: r.height || fallbackHeight });
      };
      measure();
      if (typeof ResizeObserver === 'undefined') return;
      const ro = new ResizeObserver(measure);
      ro.observe(el);
      return () => ro.disconnect();
    },
  });
  return (
    <div ref={ref} className={`vlist ${className ?? ''}`} data-testid={testId} data-total={items.length}>
      <div className="vlist-inner" style={{ height: v.getTotalSize() }}>
        {v.getVirtualItems().map((row) => (
          <div key={row.key} ref={v.measureElement} data-index={row.index} className="vrow" style={{ transform: `translateY(${row.start}px)` }}>
            {renderRow(items[row.index] as T, row.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
