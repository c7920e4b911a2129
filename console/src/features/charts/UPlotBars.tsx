/**
 * The bar chart drawn by uPlot (canvas). Loaded only by the charts page, as its own chunk, so the
 * library never weighs on the console's first load. Labels come in already translated.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Bar } from './BarChart.js';

export interface UPlotBarsProps {
  bars: readonly Bar[];
  unit: string;
  labelEvery: number;
  /** Series name in the hover legend (zh-CN or English, from the page). */
  seriesLabel: string;
  /** Name of the bar labels in the hover legend (时间, 设备…). */
  xLabel: string;
  height: number;
}

const css = (el: Element, name: string, fallback: string) => getComputedStyle(el).getPropertyValue(name).trim() || fallback;

/** Counts and percentages: whole-number steps on the value axis. */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

export default function UPlotBars({ bars, unit, labelEvery, seriesLabel, xLabel, height }: UPlotBarsProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current!;
    const xs = bars.map((_, i) => i);
    const label = (i: number) => bars[i]?.label ?? '';
    const bar = css(el, '--primary', '#0b63c5');
    const muted = css(el, '--muted', '#666');
    const line = css(el, '--line', '#ddd');
    const axisFont = '11px system-ui, "PingFang SC", "Microsoft YaHei", sans-serif';
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth || 340),
      height,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, bars.length - 0.5)] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        {
          stroke: muted, font: axisFont, grid: { show: false }, ticks: { stroke: line },
          splits: () => xs,
          values: (_u, splits) => splits.map((s) => (Number.isInteger(s) && s % labelEvery === 0 ? label(s) : '')),
        },
        { stroke: muted, font: axisFont, grid: { stroke: line, width: 1 }, ticks: { stroke: line }, size: 44, incrs: WHOLE_STEPS, values: (_u, splits) => splits.map((v) => `${v}${unit}`) },
      ],
      series: [
        { label: xLabel, value: (_u, v) => (v == null ? '' : label(v)) },
        { label: seriesLabel, fill: bar, stroke: bar, width: 0, paths: uPlot.paths.bars!({ size: [0.7, 48] }), points: { show: false }, value: (_u, v) => (v == null ? '' : `${v}${unit}`) },
      ],
    };
    const plot = new uPlot(opts, [xs, bars.map((b) => b.value)], el);
    // Phones rotate and the wall screen resizes: redraw at the card's width.
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height })) : null;
    resize?.observe(el);
    el.dataset.drawn = 'true';
    return () => {
      resize?.disconnect();
      plot.destroy();
      delete el.dataset.drawn;
    };
  }, [bars, unit, labelEvery, seriesLabel, xLabel, height]);
  return <div ref={box} className="uplot-box" data-testid="chart-canvas" />;
}
