// A time-series plot on uPlot (from npm), sized to its container.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { clock } from '../common/dom.js';

const COLOURS = ['#0b5cad', '#1c7c3c', '#a15c00', '#7b3fa0', '#b3261e', '#00838f', '#5b6578'];

export class Plot {
  constructor(container, title, labels) {
    this.container = container;
    this.labels = labels;
    const options = {
      title,
      width: Math.max(300, container.clientWidth),
      height: 240,
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(4, Math.ceil(max * 1.2))] } },
      axes: [
        {
          // whole seconds at least, shown as the time of day
          incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800],
          values: (u, ticks) => ticks.map((t) => clock(new Date(t * 1000))),
        },
        { label: 'count' },
      ],
      series: [
        {},
        ...labels.map((label, i) => ({
          label,
          stroke: COLOURS[i % COLOURS.length],
          width: 2,
          points: { show: true, size: 4 },
          spanGaps: false,
        })),
      ],
    };
    container.replaceChildren();
    this.plot = new uPlot(options, [[], ...labels.map(() => [])], container);
    this.resize = () => this.plot.setSize({ width: Math.max(300, container.clientWidth), height: 240 });
    window.addEventListener('resize', this.resize);
  }

  set(data) {
    this.plot.setData(data);
  }

  destroy() {
    window.removeEventListener('resize', this.resize);
    this.plot.destroy();
  }
}
